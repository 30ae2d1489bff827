// electron-builder's `beforeBuild` hook. The bundles in dist/ hold every dependency but Electron
// itself (esbuild bundles the rest), so the package needs no node_modules: answering false tells
// electron-builder they are handled elsewhere, and it neither installs, rebuilds nor copies any.
export default async function beforeBuild() {
  return false;
}
