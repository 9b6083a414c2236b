// Settings' "Your data": import another app's export or a journal file — checked first, so
// the person sees what would be added before anything is written, then applied all at once —
// past imports with undo, and exporting the journal.

import { api } from "./api.js";
import { h, replace } from "./dom.js";
import { field, showError } from "./form.js";
import { count, mediumDate } from "./format.js";

const FORMAT_NAMES = { plumbline: "Plumbline", daylio: "Daylio", loop: "Loop Habit Tracker", jrnl: "jrnl", demo: "Demo journal" };

function addedText(a) {
  const parts = [];
  if (a.events) parts.push(count(a.events, "event"));
  if (a.checkins) parts.push(count(a.checkins, "check-in"));
  if (a.reflections) parts.push(count(a.reflections, "reflection"));
  return parts.length ? parts.join(", ") : "nothing new";
}

export function createDataSection({ announce }) {
  // --- import: choose, check, apply
  const path = h("input", {
    type: "text",
    autocomplete: "off",
    spellcheck: false,
    attrs: { "data-testid": "import-path", placeholder: "The file to import" },
  });
  const pathF = field("File", path, { class: "grow-3", errorTestid: "import-error" });
  const choose = h("button", { type: "button", class: "quiet", attrs: { "data-testid": "import-choose" } }, "Choose…");
  const skip = h("input", { type: "checkbox", attrs: { "data-testid": "import-skip" } });
  const check = h("button", { type: "submit", class: "primary", attrs: { "data-testid": "import-check" } }, "Check the file");
  const preview = h("div", { class: "import-preview", attrs: { "data-testid": "import-preview", hidden: true, "aria-live": "polite" } });
  const result = h("div", { class: "import-result", attrs: { role: "status", "data-testid": "import-result", hidden: true } });
  const form = h(
    "form",
    { class: "import-form", noValidate: true, attrs: { "aria-label": "Import a file" } },
    h("div", { class: "row" }, pathF.wrap, h("div", { class: "actions inline" }, choose)),
    h(
      "label",
      { class: "check spaced" },
      skip,
      h("span", { text: "Skip records that cannot be read (each is listed) instead of refusing the file" }),
    ),
    h("div", { class: "actions" }, check),
    preview,
    result,
  );
  const pastList = h("ul", { class: "imports", attrs: { "data-testid": "import-list" } });
  const pastEmpty = h("p", { class: "hint", text: "No imports yet." });

  let checked = null; // { source, skip, preview }
  let chosen = null; // { handle, file } from the system's file chooser
  let busy = false;

  function clear() {
    showError(pathF, null);
    preview.hidden = true;
    replace(preview);
    checked = null;
  }
  path.addEventListener("input", () => {
    chosen = null;
    clear();
  });
  // A chosen file is named by its opaque handle; a typed path is sent as typed (only read).
  const source = () => (chosen && path.value === chosen.file ? { handle: chosen.handle } : { path: path.value });
  skip.addEventListener("change", clear);

  choose.addEventListener("click", async () => {
    try {
      const picked = await api.chooseImportFile();
      if (picked) {
        chosen = picked;
        path.value = picked.file;
        clear();
        check.focus();
      }
    } catch (e) {
      showError(pathF, e.message);
    }
  });

  function renderPreview(p) {
    const r = p.report;
    const rejected = r.rejected.slice(0, 10);
    const apply = h("button", { type: "button", class: "primary", attrs: { "data-testid": "import-apply" } }, "Import");
    const cancel = h("button", { type: "button", class: "quiet" }, "Cancel");
    apply.addEventListener("click", doImport);
    cancel.addEventListener("click", () => {
      clear();
      path.focus();
    });
    const nothing = !r.added.events && !r.added.checkins && !r.added.reflections;
    replace(
      preview,
      h("p", { class: "lede", attrs: { "data-testid": "import-summary" } }, `${p.file} reads as ${p.what}: ${addedText(r.added)} to add.`),
      r.duplicates ? h("p", { class: "hint", text: `${count(r.duplicates, "record")} already in your journal will be skipped.` }) : null,
      rejected.length
        ? h(
            "div",
            {},
            h("p", { class: "hint", text: `${count(r.rejected.length, "record")} cannot be read and will be skipped:` }),
            h(
              "ul",
              { class: "rejected" },
              rejected.map((x) => h("li", { text: `${x.record}${x.field ? `.${x.field}` : ""}: ${x.reason}` })),
            ),
          )
        : null,
      h("div", { class: "actions" }, nothing ? null : apply, cancel),
    );
    preview.hidden = false;
    (nothing ? cancel : apply).focus();
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (busy) return;
    clear();
    result.hidden = true;
    if (!path.value.trim()) {
      showError(pathF, "Choose a file to import first.");
      path.focus();
      return;
    }
    busy = true;
    try {
      const src = source();
      const p = await api.previewImport(src, skip.checked);
      checked = { source: src, skip: skip.checked, preview: p };
      renderPreview(p);
    } catch (err) {
      showError(pathF, err.message);
      path.focus();
    } finally {
      busy = false;
    }
  });

  /**
   * An "Undo import" button that asks first: one press shows what would be removed, with
   * "Yes, remove them" and "Keep them"; nothing is removed by a single key press.
   */
  function undoButton(id, what, added, { testid, cls }) {
    const holder = h("span", { class: "undo-import" });
    const ask = h("button", { type: "button", class: cls, attrs: { "data-testid": testid } }, "Undo import");
    const confirm = () => {
      const yes = h("button", { type: "button", class: "link", attrs: { "data-testid": "import-undo-confirm" } }, "Yes, remove them");
      const no = h("button", { type: "button", class: "quiet small", attrs: { "data-testid": "import-undo-keep" } }, "Keep them");
      yes.addEventListener("click", () => undo(id, what));
      no.addEventListener("click", () => {
        replace(holder, ask);
        ask.focus();
      });
      replace(holder, h("span", { attrs: { role: "alert" }, text: `Remove the ${addedText(added)} this import added? ` }), yes, " ", no);
      no.focus();
    };
    ask.addEventListener("click", confirm);
    replace(holder, ask);
    return { el: holder, focus: () => ask.focus() };
  }

  async function undo(id, what) {
    try {
      const u = await api.undoImport(id);
      renderPast(u.imports);
      result.hidden = false;
      const changed = u.kept.events || u.kept.checkins || u.kept.reflections;
      const kept = changed ? ` Kept ${addedText(u.kept)} you changed after the import.` : "";
      const verdicts = u.verdicts_restored ? ` Put back ${count(u.verdicts_restored, "verdict")} it had replaced.` : "";
      replace(result, h("p", { text: `Undone: removed ${addedText(u.removed)}${what ? ` from ${what}` : ""}.${kept}${verdicts}` }));
      announce(`Import undone: removed ${addedText(u.removed)}.`);
    } catch (e) {
      result.hidden = false;
      replace(result, h("p", { class: "form-error", text: e.message }));
    }
  }

  async function doImport() {
    if (busy || !checked) return;
    busy = true;
    try {
      result.hidden = false;
      const reading = h("p", { attrs: { "data-testid": "import-reading" }, text: "Importing…" });
      replace(result, reading);
      const done = await api.importFile(checked.source, checked.skip, (n, total) => {
        reading.textContent = `Imported. Reading the words it brought: ${n.toLocaleString()} of ${total.toLocaleString()}.`;
      });
      const file = checked.preview.file;
      clear();
      path.value = "";
      chosen = null;
      renderPast(done.imports);
      const id = done.report.import_id;
      const undoBtn = undoButton(id, file, done.report.added, { testid: "import-undo", cls: "link" });
      replace(
        result,
        h("p", { attrs: { "data-testid": "import-done" } }, `Imported ${addedText(done.report.added)} from ${file}.`, " ", undoBtn.el),
      );
      result.hidden = false;
      announce(`Imported ${addedText(done.report.added)} from ${file}.`);
      undoBtn.focus();
    } catch (err) {
      result.hidden = true;
      replace(result);
      showError(pathF, err.message);
    } finally {
      busy = false;
    }
  }

  function renderPast(list) {
    const recent = [...list].reverse();
    replace(
      pastList,
      recent.map((r) => {
        const name = r.file || FORMAT_NAMES[r.format] || r.format;
        const undoBtn = undoButton(r.import_id, name, r.added, { testid: "past-import-undo", cls: "quiet small" }).el;
        const total = r.added.events + r.added.checkins + r.added.reflections;
        return h(
          "li",
          { class: "past-import", attrs: { "data-testid": "past-import" } },
          h(
            "div",
            {},
            h("p", { class: "past-import-name", text: name }),
            h("p", {
              class: "hint",
              text: `${mediumDate(r.at.slice(0, 10))} · ${FORMAT_NAMES[r.format] || r.format} · ${addedText(r.added)}`,
            }),
          ),
          total ? undoBtn : null,
        );
      }),
    );
    pastEmpty.hidden = list.length > 0;
  }

  // --- export
  const format = h(
    "select",
    { attrs: { "data-testid": "export-format" } },
    h("option", { value: "json", text: "Journal file (JSON, everything, reads back in)" }),
    h("option", { value: "csv", text: "Spreadsheet tables (CSV)" }),
    h("option", { value: "markdown", text: "Readable journal (Markdown)" }),
  );
  const formatF = field("Format", format, { class: "grow-2" });
  const exportBtn = h("button", { type: "button", class: "quiet", attrs: { "data-testid": "export-choose" } }, "Export…");
  const exportResult = h("p", { class: "hint", attrs: { role: "status", "data-testid": "export-result" } });
  exportBtn.addEventListener("click", async () => {
    exportResult.textContent = "";
    try {
      const out = await api.exportJournal(format.value);
      if (!out) return;
      exportResult.textContent = `Exported ${count(out.events, "event")}, ${count(out.checkins, "check-in")} and ${count(out.reflections, "reflection")} to ${out.files.join(", ")}. The export is not encrypted.`;
      announce("Export written.");
    } catch (e) {
      exportResult.textContent = e.message;
    }
  });

  const section = h(
    "section",
    { class: "block", attrs: { "aria-label": "Your data", "data-testid": "settings-data" } },
    h("h2", { text: "Your data" }),
    h("h3", { text: "Import" }),
    h(
      "p",
      { class: "hint" },
      "A Plumbline journal file, Daylio (CSV export or .daylio backup), Loop Habit Tracker (zip or Checkmarks.csv) or jrnl (text or JSON). Nothing is written until you have seen what the file holds; records already in your journal are skipped, and an import can be undone.",
    ),
    form,
    h("h3", { text: "Past imports" }),
    pastEmpty,
    pastList,
    h("h3", { text: "Export" }),
    h("div", { class: "row" }, formatF.wrap, h("div", { class: "actions inline" }, exportBtn)),
    exportResult,
  );

  return {
    section,
    async load() {
      renderPast(await api.listImports());
    },
  };
}
