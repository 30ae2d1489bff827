/** The columns of a usage as a table lists it (the log, the import's preview): their widths and their heads. */

export function UsageCols() {
  return (
    <>
      <col className="usage-log__date" />
      <col />
      <col className="usage-log__amount" />
      <col className="usage-log__videos" />
      <col />
      <col className="usage-log__credits" />
    </>
  );
}

export function UsageHeads() {
  return (
    <>
      <th scope="col">Date</th>
      <th scope="col">Feature</th>
      <th scope="col">Amount</th>
      <th scope="col" className="num">Videos</th>
      <th scope="col">Project</th>
      <th scope="col" className="num">Credits</th>
    </>
  );
}
