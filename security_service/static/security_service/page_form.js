/* The service's page form (django-nested-admin): each section shows the items of its kind and folds to its title bar;
   parts added on the page get language tabs like the others; positions stay counted from 1, as the page files number them. */
"use strict";
(function ($) {
  // The kind of section each item inline belongs to (admin/parts.py).
  const ITEMS = { roles: "roles", missions: "missions", links: "link_groups", contact: "contact_points", images: "pictures" };
  const SECTION = /^sections-\d+$/;

  function sectionOf(element) {
    return $(element).parents(".djn-inline-form").addBack(".djn-inline-form").filter((i, form) => SECTION.test(form.id)).last();
  }

  function kindOf(section) {
    const select = section.find(`select[name="${section[0].id}-kind"]`);
    return select.length ? select.val() : section.data("section-kind") || "";
  }

  // The section's own fields that only one kind uses: hidden in the others while they are empty.
  const FIELDS_OF = { directorate: ["directorate"], notice: ["starts_on", "ends_on"] };

  function showItems(section) {
    const kind = kindOf(section);
    for (const [itemKind, accessor] of Object.entries(ITEMS)) {
      section.find(`#${section[0].id}-${accessor}-group`).prop("hidden", itemKind !== kind);
    }
    for (const [fieldKind, names] of Object.entries(FIELDS_OF)) {
      for (const name of names) {
        const row = section.find(`.form-row.field-${name}`);
        const empty = !row.find("input, select").filter((i, input) => input.type !== "hidden" && input.value).length;
        row.prop("hidden", fieldKind !== kind && empty);
      }
    }
  }

  function updateTitle(section) {
    const select = section.find(`select[name="${section[0].id}-kind"]`);
    if (select.length) {
      section.find("> h3 .section-kind").text(select.find("option:selected").text());
    }
    const heading = section
      .find(`input[name^="${section[0].id}-heading_"]`)
      .filter((i, input) => input.value)
      .first();
    if (heading.length) {
      section.find("> h3 .section-heading").text(heading.val()).removeAttr("data-untitled");
    }
  }

  function fold(section, folded) {
    section.toggleClass("is-folded", folded);
    section.find("> h3 .section-toggle").attr("aria-expanded", String(!folded));
  }

  function prepare(section) {
    showItems(section);
    updateTitle(section);
  }

  // Language tabs for the translated fields of a form added on the page (modeltranslation makes them at load only,
  // and not for forms nested in a form that was itself added).
  function addTabs(form) {
    const groups = {};
    form.find(".mt").filter("input, textarea, select").each((i, field) => {
      if (field.name.includes("__prefix__") || $(field).closest(".ui-tabs").length) {
        return;
      }
      const cls = (field.className.match(/\bmt-field-(\S+)/) || [])[1];
      if (!cls) {
        return;
      }
      const lang = cls.slice(cls.indexOf("-") + 1);
      const group = field.id.slice(0, field.id.length - lang.length - 1);
      (groups[group] = groups[group] || []).push([lang, field]);
    });
    const active = parseInt($("#modeltranslation-main-switch").val() || "0", 10);
    for (const fields of Object.values(groups)) {
      const tabs = $("<div class='added-tabs'></div>");
      const list = $("<ul></ul>").appendTo(tabs);
      const inTable = $(fields[0][1]).closest("td").length > 0;
      const first = inTable ? $(fields[0][1]).closest("td") : $(fields[0][1]).closest(".form-row");
      first.before(inTable ? $("<td></td>").append(tabs) : tabs);
      for (const [lang, field] of fields) {
        const container = inTable ? $(field).closest("td") : $(field).closest(".form-row");
        const panel = $(`<div id="tab_${field.id}"></div>`).appendTo(tabs);
        if (inTable) {
          panel.append($(field).parent().contents());
          container.remove();
        } else {
          container.find("label").each((j, label) => {
            label.textContent = label.textContent.replace(/ \[.+\]/, "");
          });
          panel.append(container);
        }
        list.append($("<li></li>").append($(`<a href="#tab_${field.id}"></a>`).text(lang.replace("_", "-"))));
      }
      tabs.tabs({ active: active });
      window.flattenLanguageTabs(tabs);
    }
  }

  // modeltranslation's handler of the click that adds a section also tabs the section's own empty item forms (the
  // templates that nested-admin copies when an item is added in it), under ids that the copies do not get: take
  // those tabs apart again, so that each copy gets its own tabs from addTabs.
  function untabTemplates(form) {
    form.find(".ui-tabs").filter((i, tabs) => $(tabs).find("[id*='__prefix__']").length > 0).each((i, tabs) => {
      const container = $(tabs);
      container.children("div[id^='tab_']").each((j, panel) => {
        container.before($(panel).contents());
      });
      container.tabs("destroy").remove();
    });
  }

  // A language tab whose panel holds an error is marked.
  function markErrors(root) {
    root.find(".ui-tabs").each((i, tabs) => {
      const container = $(tabs);
      container.find("div[id^='tab_']").each((j, panel) => {
        if ($(panel).find(".errorlist, .errors").length) {
          container.find(`a[href='#${panel.id}']`).closest("li").addClass("has-error");
        }
      });
    });
  }

  // A link of the list of errors shows its field: its section unfolded, its language's tab open, the field focused.
  function reveal(field) {
    sectionOf(field).each((i, section) => fold($(section), false));
    field.parents("div[id^='tab_']").each((i, panel) => {
      const tabs = $(panel).closest(".ui-tabs");
      tabs.tabs("option", "active", tabs.children("div[id^='tab_']").index(panel));
    });
    field[0].scrollIntoView({ block: "center" });
    field.trigger("focus");
  }

  // The outline of the sections stays at the top of the screen: a click on one opens it (and folds the others that
  // hold no error) at the top of the screen, however far down it is.
  function buildOutline(form) {
    const outline = form.find(".section-outline");
    const list = outline.find("ul").empty();
    const sections = form.find(".djn-inline-form").filter((i, element) => SECTION.test(element.id) && !element.id.includes("__prefix__"));
    sections.each((i, element) => {
      const section = $(element);
      const heading = section.find("> h3 .section-heading");
      const label = (heading.is("[data-untitled]") ? "" : heading.text().trim()) || section.find("> h3 .section-kind").text().trim();
      $("<button type='button'></button>").text(label.charAt(0).toUpperCase() + label.slice(1)).attr("data-section", element.id).appendTo($("<li></li>").appendTo(list));
    });
    outline.prop("hidden", sections.length < 2);
  }

  function openAlone(section) {
    $(".djn-inline-form").filter((i, element) => SECTION.test(element.id) && element !== section[0]).each((i, element) => {
      const other = $(element);
      if (!other.find(".errorlist, .errors").length) {
        fold(other, true);
      }
    });
    fold(section, false);
    section[0].scrollIntoView({ block: "start" });
  }

  $(function () {
    const form = $("#service_form");
    markErrors(form);
    $(".form-errors").on("click", "a[href^='#']", (event) => {
      const field = $(document.getElementById(event.currentTarget.getAttribute("href").slice(1)));
      if (field.length) {
        event.preventDefault();
        reveal(field);
      }
    });
    $(".djn-inline-form").filter((i, element) => SECTION.test(element.id)).each((i, element) => {
      const section = $(element);
      prepare(section);
      // An existing section folds to its title bar, unless something in it is to be corrected.
      fold(section, Boolean(section.data("section-kind")) && !section.find(".errorlist, .errors").length);
    });

    buildOutline(form);
    form.on("click", ".section-outline button", (event) => openAlone($(document.getElementById(event.currentTarget.dataset.section))));
    form.on("click", ".section-toggle", (event) => {
      const section = sectionOf(event.currentTarget);
      fold(section, !section.hasClass("is-folded"));
    });
    form.on("change", "select[name$='-kind']", (event) => sectionOf(event.target).each((i, section) => prepare($(section))));
    form.on("input", "input[name*='-heading_']", (event) => {
      sectionOf(event.target).each((i, section) => updateTitle($(section)));
      buildOutline(form);
    });

    $(document).on("djnesting:added", (event, inline, added) => {
      // After modeltranslation's own handler of the same click, which tabs some of the forms added.
      window.setTimeout(() => {
        untabTemplates(added);
        addTabs(added);
        // The person goes on typing in what they added: a new section's kind, else an item's text, else its
        // first field has the focus.
        const fields = added.find("input:visible, textarea:visible, select:visible").not("[type=hidden], [type=checkbox], [type=file], [readonly]");
        const kind = fields.filter("select[name$='-kind']");
        (kind.length ? kind : fields.filter("textarea").length ? fields.filter("textarea") : fields).first().trigger("focus");
      });
      sectionOf(added).each((i, section) => prepare($(section)));
      buildOutline(form);
    });

    // After nested-admin numbered the positions from 0 (its own submit handler, bound before this one): from 1,
    // so that an unchanged page posts the positions it has.
    form.on("submit", () => {
      form.find("input[name$='-position']").each((i, input) => {
        if (!input.name.includes("__prefix__") && /^\d+$/.test(input.value)) {
          input.value = String(parseInt(input.value, 10) + 1);
        }
      });
    });
  });
})(django.jQuery);
