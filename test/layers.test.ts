/** The layering lint really rejects an import across layers (STYLE.md, point 1), and allows the legal ones. */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function restricted(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: file });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer imports', () => {
  it.each([
    ['shared/engine/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;"],
    ['shared/engine/x.ts', "import { readFileSync } from 'fs';\nexport const f = readFileSync;"],
    ['shared/engine/x.ts', "import { run } from '../../cli/main.ts';\nexport const f = run;"],
    ['shared/engine/x.ts', "import { app } from 'electron';\nexport const f = app;"],
    ['renderer/App.tsx', "import { x } from '../backend/service.ts';\nexport const f = x;"],
    ['renderer/App.tsx', "import { join } from 'node:path';\nexport const f = join;"],
    ['backend/service.ts', "import { app } from 'electron';\nexport const f = app;"],
    ['cli/x.ts', "import { x } from '../backend/service.ts';\nexport const f = x;"],
    ['cli/x.ts', "import { x } from '../backend/syncing.ts';\nexport const f = x;"],
    ['electron/shell.ts', "import { app } from 'electron';\nexport const f = app;"],
    ['electron/tray.ts', "import log from 'electron-log/main';\nexport const f = log;"],
    ['renderer/screens/UsageLog/UsageLog.tsx', "import { send } from '../../bridge.ts';\nexport const f = send;"],
    ['renderer/components/Capture/Capture.tsx', "import { send } from '../../bridge.ts';\nexport const f = send;"],
    ['renderer/components/Capture/Capture.tsx', "import { x } from '../../../backend/service.ts';\nexport const f = x;"],
    // Inside shared/: base → catalog → formats → engine → the contract, at any depth.
    ['shared/formats/x.ts', "import { api } from '../api.ts';\nexport const f = api;"],
    ['shared/formats/deep/x.ts', "import { replayBuild } from '../../engine/incremental.ts';\nexport const f = replayBuild;"],
    ['shared/formats/x.test.ts', "import { usageImport } from '../usageImport.ts';\nexport const f = usageImport;"],
    ['shared/engine/x.ts', "import { accountViewOf } from '../view.ts';\nexport const f = accountViewOf;"],
    ['shared/engine/x.ts', "import { dataCheck } from '../store.ts';\nexport const f = dataCheck;"],
    ['shared/catalog/x.ts', "import type { Account } from '../formats/account.ts';\nexport type A = Account;"],
    ['shared/units.ts', "import { PLANS } from './catalog/plans.ts';\nexport const f = PLANS;"],
  ])('%s may not: %s', async (file, source) => {
    expect(await restricted(file, source)).toHaveLength(1);
  });

  it.each([
    ['shared/engine/x.ts', "import { z } from 'zod';\nexport const f = z;"],
    ['cli/x.ts', "import { readFileSync } from 'node:fs';\nimport { run } from '../shared/errors.ts';\nexport const f = [readFileSync, run];"],
    ['backend/service.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;"],
    ['cli/syncServer.ts', "import { syncConnect } from '../backend/sync/connection.ts';\nexport const f = syncConnect;"],
    ['electron/shell.ts', "import type { BrowserWindow } from 'electron';\nexport type W = BrowserWindow;"],
    ['electron/main.ts', "import { app } from 'electron';\nexport const f = app;"],
    ['renderer/store/usageSlice.ts', "import { send } from '../bridge.ts';\nexport const f = send;"],
    ['renderer/screens/UsageLog/UsageLog.tsx', "import { useStore } from '../../store/store.ts';\nexport const f = useStore;"],
    ['shared/engine/x.ts', "import type { Account } from '../formats/account.ts';\nexport type A = Account;"],
    ['shared/formats/x.ts', "import { PLANS } from '../catalog/plans.ts';\nimport { dateAddDays } from '../dates.ts';\nexport const f = [PLANS, dateAddDays];"],
    ['shared/api.ts', "import { replayBuild } from './engine/incremental.ts';\nimport { dataCheck } from './store.ts';\nexport const f = [replayBuild, dataCheck];"],
  ])('%s may: %s', async (file, source) => {
    expect(await restricted(file, source)).toEqual([]);
  });
}, 30_000);
