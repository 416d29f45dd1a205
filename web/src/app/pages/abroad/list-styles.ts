/** The list styles shared by the 出国境 pages: a table at 1440 px, cards on a phone. */
export const LIST_STYLES = `
  h2 { display: flex; justify-content: space-between; align-items: center; gap: 8px; flex-wrap: wrap; }
  .tools { display: flex; gap: 6px; flex-wrap: wrap; }
  .filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; margin-bottom: 12px; align-items: center; }
  .fbtns { display: flex; gap: 6px; flex-wrap: wrap; }
  .table-wrap { overflow-x: auto; }
  .grid { width: 100%; border-collapse: collapse; font-size: 14px; }
  .grid th, .grid td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--oa-border); white-space: nowrap; }
  .grid td.wrap { white-space: normal; min-width: 160px; }
  .cards { display: none; list-style: none; margin: 0; padding: 0; }
  .cards li { border-bottom: 1px solid var(--oa-border); padding: 10px 2px; }
  .c-title { display: block; font-weight: 600; line-height: 1.45; overflow-wrap: anywhere; }
  .c-meta { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; margin-top: 6px; font-size: 13px; }
  .late { background: #fdecea; color: var(--oa-red); }
  .ok { background: #e7f5ec; color: #1e7b45; }
  .pager { display: flex; align-items: center; justify-content: center; gap: 12px; margin-top: 12px; flex-wrap: wrap; }
  @media (max-width: 640px) {
    .table-wrap { display: none; }
    .cards { display: block; }
    .filters { grid-template-columns: 1fr; }
  }
`;
