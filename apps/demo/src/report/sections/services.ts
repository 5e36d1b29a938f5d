import { escapeHtml } from "../escape.js";
import type { ServiceUse } from "../model.js";
import { renderTable } from "./table.js";

/** Which servers the demo used, and which it had to stand in for itself. */
export function renderServices(services: readonly ServiceUse[]): string {
  if (services.length === 0)
    return `<section><h2>Services</h2><p>No service was reached.</p></section>`;
  const rows = services.map((service) => [
    service.role,
    { html: `<code>${escapeHtml(service.url)}</code>` },
    {
      html: service.substituted
        ? `<span class="badge sub">substituted</span>`
        : `<span class="badge real">as given</span>`,
    },
    service.note,
  ]);
  return `<section><h2>Services</h2>${renderTable(
    [{ title: "role" }, { title: "where" }, { title: "" }, { title: "note" }],
    rows,
  )}</section>`;
}
