/** The columns of a usage as a table lists it (the log, the import's preview): their widths and their heads. */

export function UsageCols() {
  return (
    <>
      <col className="usage-log__date" />
      <col className="usage-log__feature" />
      <col className="usage-log__amount" />
      <col />
      <col className="usage-log__member" />
      <col className="usage-log__credits" />
    </>
  );
}

/** The amount and its videos are one column ("10 min × 2"): at 1024 px the feature's name needs the room more. */
export function UsageHeads() {
  return (
    <>
      <th scope="col">Date</th>
      <th scope="col">Feature</th>
      <th scope="col">Amount</th>
      <th scope="col">Project</th>
      <th scope="col">Member</th>
      <th scope="col" className="num">Credits</th>
    </>
  );
}
