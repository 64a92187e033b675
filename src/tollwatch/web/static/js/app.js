/* tollwatch dashboard: progressive enhancement only. Every page works without this file.
 *
 * Data comes from data-* attributes and JSON endpoints, never from inline scripts (the
 * Content-Security-Policy forbids them). Text from reports is only ever put in the page
 * with textContent, never innerHTML.
 */
(function () {
  "use strict";

  function $all(sel, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(sel));
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function localHref(href) {
    return typeof href === "string" && href.charAt(0) === "/" && href.charAt(1) !== "/" ? href : null;
  }

  /* ------------------------------------------------------------------ timeline */

  var OUTCOME_COLORS = {
    killed: ["#b3261e", "#e0584f", "#7a1711", "#f08b84"],
    injured: ["#d07a12", "#f0a848", "#8f5208", "#f6c789"],
    missing: ["#6a3aa8", "#9b72d0"],
    detained: ["#1f5fa8", "#5c8fd0"],
    displaced: ["#1f7a44", "#55a877"],
  };
  var FALLBACK = ["#4b5563", "#0f766e", "#9d174d", "#374151"];

  function dayLabel(ms) {
    var d = new Date(ms);
    return d.toISOString().slice(0, 10);
  }

  function drawTimeline(canvas) {
    if (typeof window.Chart === "undefined") return;
    var src = localHref(canvas.getAttribute("data-src"));
    if (!src) return;
    fetch(src, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.ok ? r.json() : Promise.reject(r.status);
      })
      .then(function (data) {
        var used = {};
        var datasets = (data.series || []).map(function (s) {
          var palette = OUTCOME_COLORS[s.outcome] || FALLBACK;
          var i = used[s.outcome] || 0;
          used[s.outcome] = i + 1;
          var color = palette[i % palette.length];
          return {
            label: s.label,
            data: s.points.map(function (p) {
              return { x: Date.parse(p.day + "T12:00:00Z"), y: p.value, text: p.text, low: p.low, high: p.high };
            }),
            borderColor: color,
            backgroundColor: color,
            stepped: "before",
            pointRadius: 4,
            pointHoverRadius: 6,
            borderWidth: 2,
            hidden: s.outcome !== "killed" && s.outcome !== "injured", // others: click the legend
          };
        });
        if (!datasets.length) {
          var note = el("p", "muted", "No dated figures to draw yet.");
          canvas.parentNode.replaceChild(note, canvas);
          return;
        }
        // room for the legend: one line per two series, under a 240 px plot
        canvas.parentNode.style.height = 240 + 20 * Math.ceil(datasets.length / 2) + "px";
        var xs = [];
        datasets.forEach(function (d) {
          d.data.forEach(function (p) {
            xs.push(p.x);
          });
        });
        var DAY = 86400000;
        var spanDays = (Math.max.apply(null, xs) - Math.min.apply(null, xs)) / DAY;
        var stepDays = Math.max(1, Math.ceil(spanDays / 5));
        var firstYear = dayLabel(Math.min.apply(null, xs)).slice(0, 4);
        var oneYear = firstYear === dayLabel(Math.max.apply(null, xs)).slice(0, 4);
        var tick = function (ms) {
          return oneYear ? dayLabel(ms).slice(5) : dayLabel(ms); // MM-DD within one year
        };
        new window.Chart(canvas, {
          type: "line",
          data: { datasets: datasets },
          options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            interaction: { mode: "nearest", intersect: false },
            scales: {
              x: {
                type: "linear",
                ticks: { callback: tick, stepSize: stepDays * DAY, maxRotation: 0, autoSkip: true, maxTicksLimit: 7 },
                title: { display: true, text: "day the figure speaks for" + (oneYear ? " (" + firstYear + ")" : "") },
              },
              y: { beginAtZero: true, title: { display: true, text: "reported toll" }, ticks: { precision: 0 } },
            },
            plugins: {
              legend: { position: "bottom", labels: { boxWidth: 10, font: { size: 11 } } },
              tooltip: {
                callbacks: {
                  title: function (items) {
                    return items.length ? dayLabel(items[0].parsed.x) : "";
                  },
                  label: function (item) {
                    var raw = item.raw || {};
                    return item.dataset.label + ": " + (raw.text || item.parsed.y);
                  },
                },
              },
            },
          },
        });
      })
      .catch(function () {
        canvas.parentNode.replaceChild(el("p", "muted", "The timeline could not be loaded."), canvas);
      });
  }

  /* ----------------------------------------------------------------------- map */

  var atlasCache = {};

  function atlas(name) {
    if (!atlasCache[name]) {
      atlasCache[name] = fetch("/static/vendor/atlas/" + name, { credentials: "same-origin" }).then(function (r) {
        return r.json();
      });
    }
    return atlasCache[name];
  }

  function mapPoints(node) {
    var sel = node.getAttribute("data-points");
    var holders = sel ? $all(sel) : [node];
    var points = [];
    holders.forEach(function (h) {
      var lat = parseFloat(h.getAttribute("data-lat"));
      var lon = parseFloat(h.getAttribute("data-lon"));
      if (isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
        points.push({
          lat: lat,
          lon: lon,
          label: h.getAttribute("data-label") || "",
          href: localHref(h.getAttribute("data-href")),
          weight: parseFloat(h.getAttribute("data-weight")) || 0,
          country: h.getAttribute("data-country") || "",
          kind: h.getAttribute("data-kind") || "incident",
        });
      }
    });
    return points;
  }

  function drawMap(node) {
    if (typeof window.L === "undefined" || typeof window.topojson === "undefined") return;
    var points = mapPoints(node);
    var L = window.L;
    var map = L.map(node, { zoomSnap: 0.25, minZoom: 1, maxZoom: 9, worldCopyJump: false, attributionControl: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth; US Census Bureau");
    var land = { color: "#9aa8ba", weight: 0.6, fillColor: "#f6f3ec", fillOpacity: 1 };
    var inUS = points.some(function (p) {
      return p.country === "US" || (p.lat > 18 && p.lat < 72 && p.lon > -170 && p.lon < -60);
    });
    atlas("countries-50m.json")
      .then(function (topo) {
        L.geoJSON(window.topojson.feature(topo, topo.objects.countries), { style: land, interactive: false }).addTo(map);
        if (!inUS) return null;
        return atlas("states-10m.json").then(function (us) {
          L.geoJSON(window.topojson.mesh(us, us.objects.states, function (a, b) { return a !== b; }), {
            style: { color: "#b4bfcd", weight: 0.7, fill: false },
            interactive: false,
          }).addTo(map);
        });
      })
      .then(function () {
        var group = L.featureGroup();
        points.forEach(function (p) {
          var figure = p.kind === "figure";
          var m = L.circleMarker([p.lat, p.lon], {
            radius: figure ? 5 : Math.min(14, 4 + 2 * Math.log(1 + p.weight) / Math.LN2),
            color: figure ? "#163f70" : "#7a1711",
            weight: 1,
            fillColor: figure ? "#4f86c6" : "#d0453a",
            fillOpacity: 0.7,
          });
          if (p.label) m.bindTooltip(el("span", "", p.label)); // an element: the label is text, not HTML
          if (p.href) {
            m.on("click", function () {
              window.location.href = p.href;
            });
          }
          group.addLayer(m);
        });
        group.addTo(map);
        if (points.length === 1) {
          map.setView([points[0].lat, points[0].lon], 5);
        } else if (points.length > 1) {
          map.fitBounds(group.getBounds().pad(0.3), { maxZoom: 6 });
        } else {
          map.setView([20, 0], 1);
        }
        node.setAttribute("data-ready", "1");
      })
      .catch(function () {
        node.appendChild(el("p", "muted", "The map could not be drawn."));
      });
  }

  /* ------------------------------------------------ report: figures in the text */

  function figIds(node) {
    return (node.getAttribute("data-figs") || "").split(" ").filter(Boolean);
  }

  function activate(ids, scroll) {
    $all("mark.fig.active, .figcard.active").forEach(function (n) {
      n.classList.remove("active");
    });
    ids.forEach(function (id) {
      $all('mark.fig[data-figs~="' + id + '"]').forEach(function (m) {
        m.classList.add("active");
      });
      var card = document.getElementById("fig-" + id);
      if (card) card.classList.add("active");
    });
    var first = ids.length ? document.getElementById("fig-" + ids[0]) : null;
    if (first && scroll) first.scrollIntoView({ behavior: "smooth", block: "nearest" });
  }

  function setupReport() {
    $all("mark.fig").forEach(function (m) {
      m.addEventListener("click", function (ev) {
        if (window.getSelection && String(window.getSelection()).length) return; // selecting words
        ev.preventDefault();
        activate(figIds(m), true);
      });
    });
    $all(".figcard").forEach(function (card) {
      card.addEventListener("mouseenter", function () {
        var id = card.id.replace("fig-", "");
        $all('mark.fig[data-figs~="' + id + '"]').forEach(function (m) {
          m.classList.add("active");
        });
      });
      card.addEventListener("mouseleave", function () {
        if (card.classList.contains("active")) return;
        var id = card.id.replace("fig-", "");
        $all('mark.fig[data-figs~="' + id + '"]').forEach(function (m) {
          m.classList.remove("active");
        });
      });
    });
    if (window.location.hash.indexOf("#fig-") === 0) activate([window.location.hash.slice(5)], true);
    setupSelection();
  }

  /* Selecting words in the text fills the "add a figure" form with their offsets. */
  function offsetIn(container, node, offset) {
    var holder = node.nodeType === 1 ? node : node.parentNode;
    var seg = holder && holder.closest ? holder.closest("[data-o]") : null;
    if (!seg || !container.contains(seg)) return null;
    if (node.nodeType === 1) {
      // an element boundary: count the text of the children before it
      var before = 0;
      for (var i = 0; i < offset && i < node.childNodes.length; i++) before += node.childNodes[i].textContent.length;
      return parseInt(seg.getAttribute("data-o"), 10) + before;
    }
    // text inside the segment: add the text of the segment's nodes before this one
    var walker = document.createTreeWalker(seg, NodeFilter.SHOW_TEXT);
    var pos = 0;
    var t;
    while ((t = walker.nextNode())) {
      if (t === node) break;
      pos += t.textContent.length;
    }
    return parseInt(seg.getAttribute("data-o"), 10) + pos + offset;
  }

  function setupSelection() {
    var form = document.getElementById("add-figure");
    if (!form) return;
    var shown = document.getElementById("add-selection");
    function update() {
      var sel = window.getSelection();
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
      var range = sel.getRangeAt(0);
      var containers = $all(".report-text[data-field]");
      for (var i = 0; i < containers.length; i++) {
        var c = containers[i];
        if (!c.contains(range.startContainer) || !c.contains(range.endContainer)) continue;
        var start = offsetIn(c, range.startContainer, range.startOffset);
        var end = offsetIn(c, range.endContainer, range.endOffset);
        if (start === null || end === null || end <= start) return;
        form.elements["field"].value = c.getAttribute("data-field");
        form.elements["start"].value = String(start);
        form.elements["end"].value = String(end);
        var words = String(sel).slice(0, 500);
        if (shown) shown.textContent = words;
        if (form.elements["count_text"] && !form.elements["count_text"].dataset.touched) {
          form.elements["count_text"].value = words.slice(0, 120);
        }
        form.classList.add("has-selection");
        var box = document.getElementById("add-figure-box");
        if (box) box.open = true;
        return;
      }
    }
    document.addEventListener("mouseup", update);
    document.addEventListener("keyup", update);
    if (form.elements["count_text"]) {
      form.elements["count_text"].addEventListener("input", function () {
        form.elements["count_text"].dataset.touched = "1";
      });
    }
  }

  /* ------------------------------------------- tally: one support box open at once */

  function setupTally() {
    $all(".tally details").forEach(function (d) {
      d.addEventListener("toggle", function () {
        if (!d.open) return;
        $all(".tally details[open]").forEach(function (o) {
          if (o !== d) o.open = false;
        });
      });
    });
    document.addEventListener("click", function (ev) {
      if (ev.target.closest && ev.target.closest(".tally details")) return;
      $all(".tally details[open]").forEach(function (o) {
        o.open = false;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    $all("canvas[data-timeline]").forEach(drawTimeline);
    $all(".map[data-map]").forEach(drawMap);
    if (document.querySelector(".report-text")) setupReport();
    setupTally();
  });
})();
