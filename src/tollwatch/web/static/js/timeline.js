/* tollwatch: an incident's timeline as small multiples, drawn as SVG with no library.
 *
 * One panel per outcome (killed, injured, missing, displaced, detained), all sharing the day
 * axis, which spans the incident's own days. In each panel every source is a stepped line
 * in its own colour (the same colour in every panel), named in the panel's legend; the
 * ledger's tally as it stood is the thick dark line, and its current value is written big
 * at the panel's right. The chart is drawn at the width of its box (redrawn when that
 * changes), so its words stay readable on a phone. "SVG" and "PNG" save it for a report.
 *
 * Report text (source names, counts' words) only ever goes in with textContent.
 */
(function () {
  "use strict";

  var NS = "http://www.w3.org/2000/svg";
  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
  var DAY = 86400000;
  var CHAR = 6.8; // the width of a legend character at 11.5 px, a little over the average
  var ORDER = ["killed", "injured", "missing", "displaced", "detained"];
  var OUTCOME_INK = { killed: "#b3261e", injured: "#b0650c", missing: "#6a3aa8", displaced: "#1f7a44", detained: "#1f5fa8" };
  // Okabe-Ito and Tableau hues, told apart also by colour-blind readers; sources take them in order
  var PALETTE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#8c6d31", "#7f7f7f", "#bcbd22", "#17becf", "#9467bd", "#e377c2"];
  var TALLY = "#1d2330";
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function svg(tag, attrs, text) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) {
      node.setAttribute(k, String(attrs[k]));
    });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function dayMs(day) {
    return Date.parse(day + "T00:00:00Z");
  }

  function dayText(ms, withYear) {
    var d = new Date(ms);
    return MONTHS[d.getUTCMonth()] + " " + d.getUTCDate() + (withYear ? " " + d.getUTCFullYear() : "");
  }

  function niceMax(v) {
    if (v <= 4) return Math.max(1, v);
    var pow = Math.pow(10, Math.floor(Math.log(v) / Math.LN10));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * pow >= v) return steps[i] * pow;
    return 10 * pow;
  }

  function number(v) {
    return Number(v).toLocaleString("en-US");
  }

  /* The series of the timeline API grouped by outcome, with one colour per source. */
  function panelsOf(series) {
    var colours = {};
    var next = 0;
    var byOutcome = {};
    series.forEach(function (s) {
      if (!s.points || !s.points.length) return;
      if (s.source !== "tally" && !(s.source in colours)) colours[s.source] = PALETTE[next++ % PALETTE.length];
      (byOutcome[s.outcome] = byOutcome[s.outcome] || []).push(s);
    });
    var outcomes = Object.keys(byOutcome).sort(function (a, b) {
      var ia = ORDER.indexOf(a), ib = ORDER.indexOf(b);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || (a < b ? -1 : 1);
    });
    return outcomes.map(function (o) {
      var list = byOutcome[o];
      var tally = list.filter(function (s) { return s.source === "tally"; })[0] || null;
      var sources = list.filter(function (s) { return s.source !== "tally"; });
      return { outcome: o, tally: tally, sources: sources, colours: colours };
    });
  }

  function dayTicks(lo, hi, width) {
    var span = (hi - lo) / DAY;
    var room = Math.max(2, Math.floor(width / 64));
    var steps = [1, 2, 3, 7, 14, 30, 61, 91, 182, 365, 730];
    var step = steps[steps.length - 1];
    for (var i = 0; i < steps.length; i++) {
      if (span / steps[i] <= room) { step = steps[i]; break; }
    }
    var ticks = [];
    for (var t = lo + DAY / 2; t < hi; t += step * DAY) ticks.push(t); // at the days' middles, as the points
    return ticks;
  }

  /* Legend items laid out in rows that fit the width; returns the height used. */
  function legend(g, items, x0, y0, width) {
    var x = x0, y = y0, row = 16;
    var most = Math.max(8, Math.min(48, Math.floor((width - 36) / CHAR)));
    items.forEach(function (it) {
      var label = it.label.length > most ? it.label.slice(0, most - 1) + "…" : it.label;
      var w = 22 + label.length * CHAR + 14;
      if (x > x0 && x + w > x0 + width) { x = x0; y += row; }
      var item = svg("g", { class: "legend-item", transform: "translate(" + x + "," + y + ")" });
      var mark = { x1: 0, x2: 16, y1: -4, y2: -4, stroke: it.colour, "stroke-width": it.width || 2.5 };
      if (it.dash) mark["stroke-dasharray"] = "5 3";
      item.appendChild(svg("line", mark));
      item.appendChild(svg("text", { x: 21, y: 0, "font-size": 11.5, fill: "#1d2330", "font-family": FONT }, label));
      var title = svg("title", {}, it.label);
      item.appendChild(title);
      g.appendChild(item);
      x += w;
    });
    return y - y0 + row;
  }

  function isGroup(s) {
    return !!s.category && s.category !== "unspecified" && s.category !== "total";
  }

  function stepPath(points, xOf, yOf, xEnd) {
    var d = "";
    points.forEach(function (p, i) {
      var x = xOf(p.t), y = yOf(p.value);
      d += i === 0 ? "M" + x + "," + y : "H" + x + "V" + y;
    });
    if (points.length) d += "H" + xEnd;
    return d;
  }

  function drawPanel(root, panel, box, xOf, x1, ticks, withYear) {
    var g = svg("g", { class: "panel", "data-outcome": panel.outcome, transform: "translate(0," + box.top + ")" });
    var all = [];
    panel.sources.concat(panel.tally ? [panel.tally] : []).forEach(function (s) {
      s.points.forEach(function (p) {
        all.push(p.high != null && p.high < p.value * 4 ? Math.max(p.high, p.value) : p.value);
      });
    });
    var ymax = niceMax(Math.max.apply(null, all.concat([1])));
    var h = box.plot;
    var yOf = function (v) { return Math.round(h - (v / ymax) * h) + 0.5; };
    var ink = OUTCOME_INK[panel.outcome] || "#374151";
    var current = panel.tally ? panel.tally.points[panel.tally.points.length - 1] : null;
    var title = panel.outcome.charAt(0).toUpperCase() + panel.outcome.slice(1);
    g.appendChild(svg("text", { x: box.left, y: -8, "font-size": 13, "font-weight": 700, fill: ink, "font-family": FONT }, title));
    if (current) {
      var cur = svg("text", { class: "current", x: x1, y: -6, "text-anchor": "end", "font-size": 18, "font-weight": 700, fill: ink, "font-family": FONT },
        number(current.value));
      g.appendChild(cur);
      g.appendChild(svg("text", { x: x1 - String(number(current.value)).length * 11 - 6, y: -8, "text-anchor": "end", "font-size": 11, fill: "#5d6677", "font-family": FONT }, "tally now"));
    }
    // grid and y axis: 0, half, top
    [0, ymax / 2, ymax].forEach(function (v) {
      if (v !== Math.round(v)) return;
      g.appendChild(svg("line", { x1: box.left, x2: x1, y1: yOf(v), y2: yOf(v), stroke: v === 0 ? "#9aa3b2" : "#e3e7ee", "stroke-width": 1 }));
      g.appendChild(svg("text", { x: box.left - 5, y: yOf(v) + 4, "text-anchor": "end", "font-size": 10.5, fill: "#5d6677", "font-family": FONT }, number(v)));
    });
    ticks.forEach(function (t) {
      g.appendChild(svg("line", { x1: xOf(t), x2: xOf(t), y1: 0, y2: h, stroke: "#eef1f5", "stroke-width": 1 }));
    });
    var pts = function (s) {
      return s.points.map(function (p) { return { t: dayMs(p.day) + DAY / 2, value: p.value, text: p.text, day: p.day }; });
    };
    panel.sources.forEach(function (s) {
      var colour = panel.colours[s.source];
      var ps = pts(s);
      var line = { d: stepPath(ps, xOf, yOf, x1), fill: "none", stroke: colour, "stroke-width": 2, "stroke-opacity": 0.9 };
      if (isGroup(s)) line["stroke-dasharray"] = "5 3"; // a count of one group (civilians, police...)
      g.appendChild(svg("path", line));
      ps.forEach(function (p) {
        var c = svg("circle", { cx: xOf(p.t), cy: yOf(p.value), r: 3.5, fill: colour, stroke: "#fff", "stroke-width": 1 });
        c.appendChild(svg("title", {}, s.source + ", " + dayText(dayMs(p.day), true) + ": " + (p.text || number(p.value))));
        g.appendChild(c);
      });
    });
    if (panel.tally) {
      var tp = pts(panel.tally);
      g.appendChild(svg("path", { class: "tally-line", d: stepPath(tp, xOf, yOf, x1), fill: "none", stroke: TALLY, "stroke-width": 3.5 }));
      var last = tp[tp.length - 1];
      g.appendChild(svg("circle", { cx: xOf(last.t), cy: yOf(last.value), r: 5, fill: ink, stroke: TALLY, "stroke-width": 2 }));
    }
    // day axis under every panel (short: the panels share it)
    ticks.forEach(function (t) {
      g.appendChild(svg("text", { x: xOf(t), y: h + 14, "text-anchor": "middle", "font-size": 10.5, fill: "#5d6677", "font-family": FONT }, dayText(t, false)));
    });
    var items = panel.sources.map(function (s) {
      return { label: s.source + (isGroup(s) ? " (" + s.category.replace(/_/g, " ") + ")" : ""), colour: panel.colours[s.source], dash: isGroup(s) };
    });
    if (panel.tally) items.unshift({ label: "tally (all sources)", colour: TALLY, width: 3.5 });
    var lg = svg("g", { class: "legend" });
    var used = legend(lg, items, box.left, h + 34, x1 - box.left);
    g.appendChild(lg);
    root.appendChild(g);
    return h + 34 + used;
  }

  function draw(holder, data) {
    var panels = panelsOf(data.series || []);
    holder.textContent = "";
    if (!panels.length) {
      var p = document.createElement("p");
      p.className = "muted";
      p.textContent = "No dated figures to draw yet.";
      holder.appendChild(p);
      return null;
    }
    var width = Math.max(280, Math.floor(holder.clientWidth || 600));
    var times = [];
    (data.series || []).forEach(function (s) {
      s.points.forEach(function (pt) { times.push(dayMs(pt.day)); });
    });
    var lo = Math.min.apply(null, times), hi = Math.max.apply(null, times) + DAY;
    if (hi - lo < 3 * DAY) { lo -= DAY; hi += DAY; } // a one-day incident still shows its day
    var withYear = new Date(lo).getUTCFullYear() !== new Date(hi).getUTCFullYear();
    var left = 44, right = 14;
    var x1 = width - right;
    var xOf = function (t) { return Math.round(left + ((t - lo) / (hi - lo)) * (x1 - left)) + 0.5; };
    var ticks = dayTicks(lo, hi, x1 - left);
    var root = svg("svg", {
      xmlns: NS, width: width, viewBox: "0 0 " + width + " 100", role: "img", class: "timeline-chart",
      "font-family": FONT, "aria-label": "Reported toll over time, one panel per outcome",
    });
    root.appendChild(svg("rect", { x: 0, y: 0, width: width, height: "100%", fill: "#fff" }));
    var top = 26;
    var plot = width < 480 ? 90 : 110;
    panels.forEach(function (panel) {
      top += drawPanel(root, panel, { top: top, left: left, plot: plot }, xOf, x1, ticks, withYear) + 30;
    });
    var year = new Date(lo).getUTCFullYear();
    var notes = ["Day the figure speaks for" + (withYear ? "." : " (" + year + ")."), "A step: a source's latest count."];
    if (width >= 480) notes = [notes.join(" ")];
    notes.forEach(function (note, i) {
      root.appendChild(svg("text", { x: left, y: top - 12 + 14 * i, "font-size": 10.5, fill: "#5d6677", "font-family": FONT }, note));
    });
    var height = top + 14 * (notes.length - 1);
    root.setAttribute("height", height);
    root.setAttribute("viewBox", "0 0 " + width + " " + height);
    holder.appendChild(root);
    holder.setAttribute("data-panels", String(panels.length));
    holder.setAttribute("data-ready", "1");
    return root;
  }

  function save(name, blob) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () {
      URL.revokeObjectURL(a.href);
      a.remove();
    }, 0);
  }

  function svgText(root) {
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(root);
  }

  function savePng(root, name) {
    var w = Number(root.getAttribute("width")), h = Number(root.getAttribute("height"));
    var img = new Image();
    img.onload = function () {
      var scale = 2;
      var canvas = document.createElement("canvas");
      canvas.width = w * scale;
      canvas.height = h * scale;
      var ctx = canvas.getContext("2d");
      ctx.scale(scale, scale);
      ctx.drawImage(img, 0, 0, w, h);
      canvas.toBlob(function (blob) {
        if (blob) save(name, blob);
      }, "image/png");
    };
    var bytes = new TextEncoder().encode(new XMLSerializer().serializeToString(root));
    var bin = "";
    bytes.forEach(function (b) { bin += String.fromCharCode(b); });
    img.src = "data:image/svg+xml;base64," + btoa(bin);
  }

  function setup(holder) {
    var src = holder.getAttribute("data-src");
    if (typeof src !== "string" || src.charAt(0) !== "/" || src.charAt(1) === "/") return;
    var stem = holder.getAttribute("data-name") || "timeline";
    fetch(src, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.ok ? r.json() : Promise.reject(r.status);
      })
      .then(function (data) {
        var root = draw(holder, data);
        if (!root) return;
        var bar = document.querySelector(holder.getAttribute("data-tools") || "#timeline-tools");
        if (bar) {
          bar.hidden = false;
          bar.querySelector("[data-save=svg]").addEventListener("click", function () {
            save(stem + ".svg", new Blob([svgText(holder.querySelector("svg"))], { type: "image/svg+xml" }));
          });
          bar.querySelector("[data-save=png]").addEventListener("click", function () {
            savePng(holder.querySelector("svg"), stem + ".png");
          });
        }
        var drawnAt = holder.clientWidth;
        window.addEventListener("resize", function () {
          if (Math.abs(holder.clientWidth - drawnAt) < 24) return;
          drawnAt = holder.clientWidth;
          draw(holder, data);
        });
      })
      .catch(function () {
        holder.textContent = "The timeline could not be loaded.";
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-timeline]"), setup);
  });
})();
