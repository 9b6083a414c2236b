// The Realign view: the three steps of realignment — name the constraint, reframe it, redesign
// the execution pathway into something simpler — and, for each pathway, whether breaks on its
// work changed since it began. A pathway can carry its own reminder; removing one can be undone.

import { api } from "./api.js";
import { h, replace, uid } from "./dom.js";
import { errorBanner, undoBar } from "./feedback.js";
import { DAYS, daysText, field, showError } from "./form.js";
import { count, mediumDate, pct } from "./format.js";

const STANDING = {
  confirmed: "Confirmed by you",
  probable: "Probable from your journal",
  other: "Other beliefs",
};

function text(testid, placeholder, opts = {}) {
  return h("input", { type: "text", autocomplete: "off", attrs: { "data-testid": testid, placeholder, maxlength: opts.max || 10000 } });
}

function rangeText(p) {
  return `${pct(p.ci[0])}–${pct(p.ci[1])}`;
}

/** What the numbers say about a pathway, in plain words, with the counts behind each rate. */
export function effectWords(p) {
  const b = p.before;
  const s = p.since;
  const rates =
    b && s
      ? `Breaks on this work: ${pct(b.break_rate)} before (${b.breaks} of ${b.events}) → ${pct(s.break_rate)} since (${s.breaks} of ${s.events}).`
      : null;
  switch (p.status) {
    case "improved":
      return {
        lead: rates,
        verdict: "Fewer breaks since it began: this work is moving from enforcement toward continuation.",
        ranges: b && s ? `95% ranges: ${rangeText(b)} before, ${rangeText(s)} since.` : null,
      };
    case "worse":
      return {
        lead: rates,
        verdict: "More breaks since it began. A smaller next step, or a different slot in the week, may fit better.",
        ranges: b && s ? `95% ranges: ${rangeText(b)} before, ${rangeText(s)} since.` : null,
      };
    case "no_change":
      return {
        lead: rates,
        verdict: "No clear change yet; the two periods overlap.",
        ranges: b && s ? `95% ranges: ${rangeText(b)} before, ${rangeText(s)} since.` : null,
      };
    default: {
      let why;
      if (p.days_running < 0) why = `It starts on ${mediumDate(p.pathway.started_on)}.`;
      else if (p.days_running < 14) why = `Day ${p.days_running + 1} of the first 14: the effect is measured after two weeks.`;
      else if (!b || b.events < 10) why = `It needs 10 logged events on this work from before it began (${b ? b.events : 0} so far).`;
      else why = `It needs 10 logged events on this work since it began (${s ? s.events : 0} so far).`;
      return {
        lead: "Too early to tell.",
        verdict: why,
        ranges: b ? `Before it began: ${pct(b.break_rate)} of this work ended in a break (${b.breaks} of ${b.events}).` : null,
      };
    }
  }
}

export function createRealign(root, { announce }) {
  const title = h("h1", { class: "date", text: "Realign" });
  const status = h("p", { class: "status", attrs: { "data-testid": "realign-status" } }, "Reading your journal…");
  const banner = errorBanner("realign-error");
  const undo = undoBar({ testid: "pathway-undo", buttonTestid: "pathway-undo-button" });
  const list = h("ul", { class: "pathways", attrs: { "data-testid": "pathway-list" } });
  const empty = h(
    "p",
    { class: "lede", attrs: { "data-testid": "pathways-empty" } },
    "No pathway yet. Start one below: name the belief, choose the thought to practise instead, and design a next step small enough to take today.",
  );
  const pathwaysSection = h(
    "section",
    { class: "block first", attrs: { "aria-label": "Your pathways", "data-testid": "pathways" } },
    h("h2", { text: "Your pathways" }),
    empty,
    list,
  );

  // --- the form: three steps
  const belief = h("select", { attrs: { "data-testid": "pathway-belief" } });
  const beliefAboutId = uid("about");
  const beliefAbout = h("p", { class: "hint", id: beliefAboutId, attrs: { "data-testid": "pathway-belief-about" } });
  const beliefF = field("The belief", belief, {
    class: "full",
    errorTestid: "error-pathway-belief",
    hint: beliefAbout,
    hintId: beliefAboutId,
  });

  const reframe = h("textarea", { rows: 2, attrs: { "data-testid": "pathway-reframe", maxlength: 10000 } });
  const suggestion = h("p", { class: "hint suggestion", attrs: { "data-testid": "pathway-suggestion", hidden: true } });
  const useSuggestion = h(
    "button",
    { type: "button", class: "link", attrs: { "data-testid": "pathway-use-suggestion" } },
    "Start from this",
  );
  const reframeF = field("The thought to practise instead", reframe, { class: "full", errorTestid: "error-pathway-reframe" });

  const next = text("pathway-next", "Open the draft and write one paragraph");
  const nextF = field("Next step — small enough to take today", next, { class: "full", errorTestid: "error-pathway-next" });
  const cycle = text("pathway-cycle", "Tuesdays 10:00, 45 minutes, then it ships");
  const cycleF = field("Cycle", cycle, { class: "grow-2", errorTestid: "error-pathway-cycle" });
  const ifThen = text("pathway-if-then", "If I reopen it to polish, then I send it as it is");
  const ifThenF = field("If–then plan", ifThen, { class: "grow-2", errorTestid: "error-pathway-if-then" });
  const start = h("input", {
    type: "text",
    autocomplete: "off",
    attrs: { "data-testid": "pathway-start", placeholder: "YYYY-MM-DD", maxlength: 10, size: 11, inputmode: "numeric" },
  });
  const startF = field("Starts", start, { class: "mid", errorTestid: "error-pathway-start" });

  const formError = h("p", { class: "form-error", attrs: { role: "alert", "data-testid": "pathway-error", hidden: true } });
  const submit = h("button", { type: "submit", class: "primary", attrs: { "data-testid": "pathway-save" } }, "Start this pathway");
  const cancel = h("button", { type: "button", class: "quiet", attrs: { "data-testid": "pathway-cancel", hidden: true } }, "Cancel");
  const formTitle = h("h2", { text: "Start a pathway" });
  const form = h(
    "form",
    { class: "pathway-form", noValidate: true, attrs: { "data-testid": "pathway-form", "aria-label": "Pathway" } },
    h(
      "ol",
      { class: "steps" },
      h("li", { class: "step" }, h("h3", { text: "Name the constraint" }), beliefF.wrap),
      h(
        "li",
        { class: "step" },
        h("h3", { text: "Reframe it" }),
        reframeF.wrap,
        h("div", { class: "suggestion-row" }, suggestion, useSuggestion),
      ),
      h(
        "li",
        { class: "step" },
        h("h3", { text: "Redesign the pathway" }),
        h("div", { class: "row" }, nextF.wrap),
        h("div", { class: "row" }, cycleF.wrap, ifThenF.wrap, startF.wrap),
      ),
    ),
    formError,
    h("div", { class: "actions" }, submit, cancel),
  );
  // Once a pathway is started the form folds away (so it does not invite a duplicate) behind
  // "Start another pathway".
  const another = h(
    "button",
    { type: "button", class: "quiet", attrs: { "data-testid": "pathway-another", hidden: true } },
    "Start another pathway",
  );
  const formSection = h(
    "section",
    { class: "block", attrs: { "aria-label": "Start a pathway", "data-testid": "pathway-form-section" } },
    formTitle,
    form,
    another,
  );
  function unfold() {
    form.hidden = false;
    formTitle.hidden = false;
    another.hidden = true;
  }
  another.addEventListener("click", () => {
    unfold();
    belief.focus();
  });

  const page = h(
    "div",
    { class: "page realign", attrs: { "data-testid": "realign" } },
    h("header", { class: "today-head" }, title, status),
    banner.el,
    undo.el,
    pathwaysSection,
    formSection,
  );
  replace(root, page);

  const state = { view: null, editing: null, busy: false };
  const fields = { belief_id: beliefF, reframe: reframeF, next_action: nextF, cycle: cycleF, if_then: ifThenF, started_on: startF };

  function choiceOf(id) {
    return state.view ? state.view.beliefs.find((b) => b.id === id) : null;
  }

  function showBelief() {
    const b = choiceOf(belief.value);
    beliefAbout.textContent = b ? b.description : "";
    const s = b?.suggested_reframe;
    suggestion.textContent = s ? `\u201c${s}\u201d` : "";
    suggestion.hidden = !s;
    useSuggestion.hidden = !s || reframe.value.trim() === s;
    reframe.placeholder = s
      ? "In your own words, or start from the suggestion"
      : "The thought you want to practise when this belief speaks up";
  }
  belief.addEventListener("change", showBelief);
  reframe.addEventListener("input", showBelief);
  useSuggestion.addEventListener("click", () => {
    const b = choiceOf(belief.value);
    if (b?.suggested_reframe) reframe.value = b.suggested_reframe;
    showBelief();
    reframe.focus();
  });

  function fillBeliefs(v) {
    const keep = belief.value;
    const groups = ["confirmed", "probable", "other"]
      .map((standing) => {
        const items = v.beliefs.filter((b) => b.standing === standing);
        if (!items.length) return null;
        return h(
          "optgroup",
          { attrs: { label: STANDING[standing] } },
          items.map((b) => h("option", { value: b.id, text: b.statement })),
        );
      })
      .filter(Boolean);
    // Without evidence nothing is chosen for the person: the list starts on "Choose…".
    replace(belief, h("option", { value: "", text: "Choose the belief this pathway answers\u2026" }), groups);
    if (keep && v.beliefs.some((b) => b.id === keep)) belief.value = keep;
    else belief.value = v.preselect || "";
    showBelief();
  }

  function clearErrors() {
    for (const f of Object.values(fields)) showError(f, null);
    formError.hidden = true;
  }

  function resetForm() {
    state.editing = null;
    clearErrors();
    for (const c of [reframe, next, cycle, ifThen]) c.value = "";
    start.value = state.view ? state.view.today : "";
    belief.value = state.view?.preselect || "";
    formTitle.textContent = "Start a pathway";
    submit.textContent = "Start this pathway";
    cancel.hidden = true;
    form.classList.remove("editing");
    showBelief();
  }

  function startEdit(p) {
    unfold();
    resetForm();
    state.editing = p.pathway;
    belief.value = p.pathway.belief_id;
    reframe.value = p.pathway.reframe || "";
    next.value = p.pathway.next_action || "";
    cycle.value = p.pathway.cycle || "";
    ifThen.value = p.pathway.if_then || "";
    start.value = p.pathway.started_on;
    formTitle.textContent = "Change the pathway";
    submit.textContent = "Save changes";
    cancel.hidden = false;
    form.classList.add("editing");
    showBelief();
    next.focus();
  }
  cancel.addEventListener("click", resetForm);
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && state.editing) {
      e.preventDefault();
      resetForm();
    }
  });

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (state.busy) return;
    clearErrors();
    if (!next.value.trim()) {
      showError(nextF, "Write the smallest next step, one you could take today.");
      next.focus();
      return;
    }
    const input = {
      belief_id: belief.value,
      reframe: reframe.value,
      next_action: next.value,
      cycle: cycle.value,
      if_then: ifThen.value,
      started_on: start.value.trim(),
    };
    state.busy = true;
    const editing = state.editing;
    try {
      const v = await api.savePathway(editing ? editing.id : null, input);
      banner.hide();
      render(v);
      resetForm();
      if (!editing) {
        form.hidden = true;
        formTitle.hidden = true;
        another.hidden = false;
      }
      announce(editing ? "Pathway saved." : `Pathway started: ${input.next_action.trim()}.`);
      const id = editing ? editing.id : null;
      const card = id ? list.querySelector(`[data-id="${CSS.escape(id)}"]`) : list.firstElementChild;
      if (card) card.focus();
    } catch (err) {
      const f = err.field && fields[err.field];
      if (f) {
        showError(f, err.message);
        f.control.focus();
      } else {
        formError.textContent = err.message;
        formError.hidden = false;
      }
    } finally {
      state.busy = false;
    }
  });

  // --- a pathway's card
  function remindForm(p, close) {
    const at = h("input", {
      type: "text",
      autocomplete: "off",
      attrs: { "data-testid": "pathway-remind-at", placeholder: "09:30", inputmode: "numeric", maxlength: 5, size: 6 },
    });
    const atF = field("Time", at, { class: "narrow" });
    const boxes = DAYS.map(([key, label]) => {
      const box = h("input", { type: "checkbox", value: key, checked: true, attrs: { "data-testid": `pathway-remind-${key}` } });
      return { key, box, el: h("label", { class: "weekday" }, box, h("span", { text: label })) };
    });
    const daysError = h("p", { class: "field-error", attrs: { role: "alert", hidden: true } });
    const save = h("button", { type: "submit", class: "primary small", attrs: { "data-testid": "pathway-remind-save" } }, "Add reminder");
    const dismiss = h("button", { type: "button", class: "quiet small" }, "Cancel");
    const f = h(
      "form",
      { class: "remind-form", noValidate: true, attrs: { "aria-label": "Reminder for this pathway" } },
      h(
        "div",
        { class: "row" },
        atF.wrap,
        h(
          "div",
          { class: "field" },
          h("span", { class: "field-label", text: "Days" }),
          h(
            "div",
            { class: "days", attrs: { role: "group", "aria-label": "Days" } },
            boxes.map((b) => b.el),
          ),
          daysError,
        ),
      ),
      h("div", { class: "actions" }, save, dismiss),
    );
    dismiss.addEventListener("click", close);
    f.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        close();
      }
    });
    f.addEventListener("submit", async (e) => {
      e.preventDefault();
      showError(atF, null);
      daysError.hidden = true;
      const input = {
        at: at.value.trim(),
        days: boxes.filter((b) => b.box.checked).map((b) => b.key),
        purpose: "pathway",
        pathway_id: p.pathway.id,
      };
      if (!input.at) {
        showError(atF, "Give a time, like 09:30.");
        at.focus();
        return;
      }
      try {
        const r = await api.addReminder(input);
        announce(`Reminder at ${r.at} added for this pathway.`);
        await load();
      } catch (err) {
        if (err.field === "days") {
          daysError.textContent = err.message;
          daysError.hidden = false;
        } else {
          showError(atF, err.message);
          at.focus();
        }
      }
    });
    setTimeout(() => at.focus(), 0);
    return f;
  }

  function card(p) {
    const words = effectWords(p);
    const plan = [
      ["Next step", p.pathway.next_action],
      ["Cycle", p.pathway.cycle],
      ["If–then", p.pathway.if_then],
    ].filter(([, v]) => v);
    const since =
      p.days_running < 0
        ? `Starts ${mediumDate(p.pathway.started_on)}`
        : `Since ${mediumDate(p.pathway.started_on)} · day ${p.days_running + 1}`;
    const reminders = p.reminders.length
      ? `${p.reminders.length === 1 ? "Reminder" : "Reminders"}: ${p.reminders.map((r) => `${daysText(r.days)} at ${r.at}${r.enabled ? "" : " (off)"}`).join("; ")}`
      : "No reminder carries it yet.";
    const slot = h("div", { class: "remind-slot" });
    const remind = h("button", { type: "button", class: "quiet small", attrs: { "data-testid": "pathway-remind" } }, "Remind me…");
    const closeRemind = () => {
      replace(slot);
      remind.hidden = false;
      remind.focus();
    };
    remind.addEventListener("click", () => {
      remind.hidden = true;
      replace(slot, remindForm(p, closeRemind));
    });
    const edit = h("button", { type: "button", class: "quiet small", attrs: { "data-testid": "pathway-edit" } }, "Change");
    edit.addEventListener("click", () => startEdit(p));
    const remove = h("button", { type: "button", class: "quiet small", attrs: { "data-testid": "pathway-remove" } }, "Remove");
    remove.addEventListener("click", () => removePathway(p));
    return h(
      "li",
      { class: `pathway status-${p.status}`, attrs: { "data-testid": "pathway", "data-id": p.pathway.id, tabindex: "-1" } },
      h("p", { class: "evidence-label", text: "Works on the belief" }),
      h("p", { class: "belief-statement", text: p.statement, attrs: { "data-testid": "pathway-statement" } }),
      p.pathway.reframe
        ? h("blockquote", {
            class: "quote reframe",
            text: `\u201c${p.pathway.reframe}\u201d`,
            attrs: { "data-testid": "pathway-reframe-text" },
          })
        : null,
      plan.length
        ? h(
            "dl",
            { class: "plan" },
            plan.map(([k, v]) => [
              h("dt", { text: k }),
              h("dd", {
                text: v,
                attrs: { "data-testid": `pathway-${k === "Next step" ? "next" : k === "Cycle" ? "cycle" : "if-then"}-text` },
              }),
            ]),
          )
        : null,
      h("p", { class: "meta", text: since }),
      h(
        "div",
        { class: "effect", attrs: { "data-testid": "pathway-effect", "data-status": p.status } },
        words.lead ? h("p", { class: "effect-lead", text: words.lead }) : null,
        h("p", { class: "effect-verdict", text: words.verdict }),
        words.ranges ? h("p", { class: "hint", text: words.ranges }) : null,
        p.costs_words ? h("p", { class: "effect-costs", text: p.costs_words, attrs: { "data-testid": "pathway-costs" } }) : null,
      ),
      h("p", { class: "hint", text: reminders, attrs: { "data-testid": "pathway-reminders" } }),
      h("div", { class: "actions" }, edit, remind, remove),
      slot,
    );
  }

  async function removePathway(p) {
    if (state.busy) return;
    state.busy = true;
    try {
      const removed = await api.removePathway(p.pathway.id);
      banner.hide();
      if (state.editing && state.editing.id === p.pathway.id) resetForm();
      render(removed.view);
      const what = removed.reminders.length ? ` and ${count(removed.reminders.length, "reminder")}` : "";
      announce(`Pathway removed${what}.`);
      const text = `Removed the pathway \u201c${removed.pathway.next_action || ""}\u201d${what}.`;
      const undoButton = undo.show(
        text,
        async () => {
          try {
            render(await api.restorePathway(removed.pathway, removed.reminders));
            announce("Pathway restored.");
            return list.querySelector(`[data-id="${CSS.escape(removed.pathway.id)}"]`);
          } catch (e) {
            banner.show(`The pathway could not be restored: ${e.message}`);
            return null;
          }
        },
        "Undo removal",
      );
      undoButton.focus();
    } catch (e) {
      banner.show(`The pathway was not removed: ${e.message}`);
    } finally {
      state.busy = false;
    }
  }

  function render(v) {
    const first = !state.view;
    state.view = v;
    const confirmed = v.beliefs.filter((b) => b.standing === "confirmed").length;
    status.textContent = [
      count(v.pathways.length, "pathway"),
      confirmed ? `${count(confirmed, "confirmed belief")}` : "no belief confirmed yet",
    ].join(" · ");
    replace(list, v.pathways.map(card));
    empty.hidden = v.pathways.length > 0;
    fillBeliefs(v);
    if (first) resetForm();
    page.dataset.ready = "true";
  }

  async function load() {
    try {
      render(await api.realign());
      banner.hide();
    } catch (e) {
      banner.show(`Realign could not be read: ${e.message}`);
      status.textContent = "";
    }
  }

  return {
    /** `opts.belief`: start a pathway on this belief (from Insights). */
    async show(opts) {
      root.focus({ preventScroll: true });
      await load();
      if (opts?.belief && choiceOf(opts.belief)) {
        unfold();
        resetForm();
        belief.value = opts.belief;
        showBelief();
        formSection.scrollIntoView({ block: "start" });
        reframe.focus({ preventScroll: true });
      }
    },
  };
}
