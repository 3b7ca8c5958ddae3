
(function () {
  "use strict";
  var DATA = window.LIANGXIN_DATA;
  var KINDS = DATA.kinds, GAPS = DATA.findingStyle, EDGE_LABELS = DATA.edgeLabels;
  var PLACE = {district: true, street: true, community: true, organization: true};
  var LABEL_INSIDE = {box: true, ellipse: true, circle: true, database: true, text: true};
  var state = {settled: false, settleMs: null, drawnSettled: false, catalogReady: false, query: "", street: "",
               code: "", kind: "", focus: null, selected: null, timing: {start: performance.now()}};
  var catalog = null;
  var byId = new Map(), adjacency = new Map(), parentOf = new Map();

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function has(list, value) { return (list || []).indexOf(value) >= 0; }
  function normal(text) { return String(text || "").normalize("NFKC").replace(/\s+/g, "").toLowerCase(); }

  // Tooltips are elements (vis-network inserts them as they are): every user string goes in as text.
  function tooltip(node) {
    var box = element("div", "lx-tip");
    box.appendChild(element("div", "lx-tip-name", node.name));
    var row = node.kind === "organization" && catalog ? catalog.row(node.id) : null;
    if (row) {
      // An organization says what the catalogue says of it (the detail panel's text, shorter).
      catalog.detail(row).forEach(function (part) {
        var line = element("div", "lx-tip-row");
        if (part[0]) { line.appendChild(element("span", "lx-tip-key", part[0])); }
        line.appendChild(element("span", "lx-tip-value", part[1].join("；")));
        box.appendChild(line);
      });
      return box;
    }
    box.appendChild(element("div", "lx-tip-kind",
      (node.kinds || [node.kind]).map(function (k) { return KINDS[k].label; }).join("、")));
    (node.info || []).forEach(function (pair) {
      var row = element("div", "lx-tip-row");
      row.appendChild(element("span", "lx-tip-key", pair[0]));
      row.appendChild(element("span", "lx-tip-value", pair[1]));
      box.appendChild(row);
    });
    if (node.codes && node.codes.length) {
      box.appendChild(element("div", "lx-tip-key", "问题"));
      var list = element("ul", "lx-tip-codes");
      node.codes.forEach(function (code) {
        list.appendChild(element("li", code[2] === "chain" ? "lx-code-chain" : "lx-code-uncovered",
          code[0] + "（" + code[1] + "）"));
      });
      box.appendChild(list);
    }
    return box;
  }

  function nodeStyle(node) {
    var kind = KINDS[node.kind], gaps = node.gaps || [], scale = node.scale || 1;
    var fill = has(gaps, "no_unit") ? GAPS.no_unit.background : has(gaps, "uncovered") ? GAPS.uncovered.background
      : has(gaps, "improvement") ? GAPS.improvement.background : kind.color;
    var border = fill, width = 1, dashes = false, shape = kind.shape;
    if (has(gaps, "key_no_leader")) { shape = GAPS.key_no_leader.shape; border = "#1f2937"; width = 2; }
    if (has(gaps, "chain")) { border = GAPS.chain.border; width = 3; dashes = [5, 4]; }
    if (has(gaps, "idle")) { border = GAPS.idle.border; width = 3; dashes = [2, 3]; }
    if (has(gaps, "overloaded")) { border = GAPS.overloaded.border; width = 4; }
    var style = {
      id: node.id, label: node.kind === "organization" ? "" : node.label, shape: shape, x: node.x, y: node.y,
      borderWidth: width, borderWidthSelected: width + 2, shapeProperties: {borderDashes: dashes},
      color: {background: fill, border: border, highlight: {background: fill, border: "#111827"},
              hover: {background: fill, border: "#111827"}},
      font: {size: node.fontSize || kind.fontSize, color: "#1f2937", strokeWidth: node.fontSize ? 5 : 0,
             strokeColor: "#ffffff"}
    };
    // Organizations (and their Party organizations) keep the places computed for them, in discs
    // that never overlap; the physics only spreads the few hundred places and units, so it
    // settles fast at any size.
    if (!DATA.physicsKinds[node.kind]) { style.physics = false; }
    if (LABEL_INSIDE[shape]) {
      style.font = {size: Math.round(13 * scale), color: "#ffffff"};
      style.margin = Math.round(5 * scale);
    } else {
      style.size = kind.size * scale;
    }
    node.fontColor = style.font.color;
    return style;
  }

  // Canvas draws a dashed line dash by dash. Seen whole, a large district's tens of thousands of
  // long dashed edges were millions of sub-pixel dashes at every redraw (7 s a click at 1,000,000
  // organizations): the dashes keep a few pixels on screen, their pattern growing as the view zooms
  // out, in steps of two so that zooming seldom restyles the edges.
  var DASHES = {BREAK: [6, 4], AGGREGATE: [2, 4]}, dashFactor = 1;

  function dashesOf(type, factor) {
    return DASHES[type].map(function (length) { return length * factor; });
  }

  function edgeStyle(edge, index) {
    var from = byId.get(edge.from), to = byId.get(edge.to);
    var dx = from.x - to.x, dy = from.y - to.y;
    var style = {id: "e" + index, from: edge.from, to: edge.to, smooth: false, width: 1,
                 length: Math.max(30, Math.sqrt(dx * dx + dy * dy)),
                 color: {color: KINDS[from.kind].color, opacity: 0.45}};
    if (edge.type === "BREAK") {
      style.dashes = dashesOf("BREAK", dashFactor); style.width = 2;
      style.color = {color: GAPS.chain.border, opacity: 0.9};
      style.title = EDGE_LABELS.BREAK + "：" + edge.note;
    } else if (edge.type === "AGGREGATE") {
      style.dashes = dashesOf("AGGREGATE", dashFactor); style.width = 1 + Math.log10(edge.count);
      style.color.opacity = 0.3;
      style.title = EDGE_LABELS[edge.via] + "：另有 " + edge.count + " 个组织未单独绘出";
    } else {
      style.title = EDGE_LABELS[edge.type];
    }
    edge.baseColor = style.color;
    return style;
  }

  DATA.nodes.forEach(function (node) { byId.set(node.id, node); adjacency.set(node.id, []); });
  DATA.edges.forEach(function (edge) {
    adjacency.get(edge.from).push({id: edge.to, type: edge.type});
    adjacency.get(edge.to).push({id: edge.from, type: edge.type});
    if (edge.type === "HAS_STREET" || edge.type === "HAS_COMMUNITY" || edge.type === "HOSTS" ||
        edge.type === "BREAK") {
      parentOf.set(edge.to, edge.from);
    }
  });

  var nodes = new vis.DataSet(DATA.nodes.map(nodeStyle));
  var edges = new vis.DataSet(DATA.edges.map(edgeStyle));
  var container = document.getElementById("lx-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, {
    autoResize: true,
    layout: {improvedLayout: false, randomSeed: 7},
    nodes: {font: {face: DATA.font}},
    edges: {smooth: false, selectionWidth: 2},
    interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: DATA.big, hideEdgesOnZoom: DATA.big,
                  keyboard: false, multiselect: false},
    physics: {
      enabled: true, solver: "barnesHut", maxVelocity: 40, minVelocity: 1, timestep: 0.5,
      barnesHut: {gravitationalConstant: -1200, centralGravity: 0, springConstant: 0.03, damping: 0.5,
                  avoidOverlap: 0.3},
      stabilization: {enabled: true, iterations: DATA.iterations, updateInterval: 10, fit: true}
    }
  });

  state.timing.created = performance.now();
  var loading = document.getElementById("lx-loading");
  var progress = document.getElementById("lx-progress");
  var status = document.getElementById("lx-status");
  var results = document.getElementById("lx-results");
  var searchBox = document.getElementById("lx-search");
  var streetBox = document.getElementById("lx-street");

  network.on("stabilizationProgress", function (params) {
    progress.textContent = Math.round(100 * params.iterations / params.total) + "%";
  });
  function settle() {
    if (!state.drawnSettled || !state.catalogReady || state.settled) { return; }
    loading.hidden = true;
    state.settled = true;
    state.settleMs = performance.now();
  }
  function scaleDashes() {
    var factor = Math.pow(2, Math.max(0, Math.round(Math.log2(1 / network.getScale()))));
    if (factor === dashFactor) { return; }
    dashFactor = factor;
    var updates = [];
    DATA.edges.forEach(function (edge, index) {
      if (DASHES[edge.type]) { updates.push({id: "e" + index, dashes: dashesOf(edge.type, factor)}); }
    });
    if (updates.length) { edges.update(updates); }
  }
  network.on("zoom", scaleDashes);
  network.on("resize", scaleDashes);  // autoResize rescales the view without a zoom event

  network.once("stabilizationIterationsDone", function () {
    // Freeze: from here on nothing moves unless the analyst drags it.
    network.setOptions({physics: {enabled: false}});
    state.drawnSettled = true;
    state.timing.layout = performance.now();
    network.fit();
    scaleDashes();
    settle();
  });

  // --- what is hidden (filters: street, finding, unit kind) and what is dimmed (search, responsibility chain)
  var hidden = new Set(), shown = new Map(), edgeShown = new Map();

  // Organizations are too many and too close for their names: they get a label only while
  // they are among a few hundred highlighted nodes (search results, a responsibility chain).
  var LABELLED_FOCUS = 400;

  function apply() {
    var nodeUpdates = [], edgeUpdates = [];
    var filtered = state.focus === null && (state.code || state.kind || state.street) &&
      DATA.nodes.length - hidden.size <= LABELLED_FOCUS;
    var labelled = filtered || (state.focus !== null && state.focus.size <= LABELLED_FOCUS);
    DATA.nodes.forEach(function (node) {
      var isHidden = hidden.has(node.id);
      var dim = !isHidden && state.focus !== null && !state.focus.has(node.id);
      var named = node.kind !== "organization" || (labelled && !dim && !isHidden);
      var key = (isHidden ? "h" : "") + (dim ? "d" : "") + (named ? "n" : "");
      if ((shown.get(node.id) || (node.kind === "organization" ? "" : "n")) !== key) {
        shown.set(node.id, key);
        var font = {color: dim ? "rgba(156,163,175,0.35)" : node.fontColor};
        if (node.kind === "organization") { font.size = named ? 24 : KINDS.organization.fontSize; }
        nodeUpdates.push({id: node.id, hidden: isHidden, opacity: dim ? 0.15 : 1, label: named ? node.label : "",
                          font: font});
      }
    });
    DATA.edges.forEach(function (edge, index) {
      var dim = state.focus !== null && !(state.focus.has(edge.from) && state.focus.has(edge.to));
      if ((edgeShown.get(index) || false) !== dim) {
        edgeShown.set(index, dim);
        edgeUpdates.push({id: "e" + index, color: dim ? {color: "#d1d5db", opacity: 0.12} : edge.baseColor});
      }
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
  }

  function ancestors(id) {
    var list = [], up = parentOf.get(id);
    while (up !== undefined && list.indexOf(up) < 0) { list.push(up); up = parentOf.get(up); }
    return list;
  }

  // The responsibility chain: district → street → community → organization, and the units at each level.
  function chainOf(id) {
    var chain = new Set([id]), node = byId.get(id);
    function addUnit(other) {
      chain.add(other.id);
      if (byId.get(other.id).kind === "instructor") {
        adjacency.get(other.id).forEach(function (up) { if (up.type === "APPOINTS") { chain.add(up.id); } });
      }
    }
    ancestors(id).forEach(function (up) {
      chain.add(up);
      adjacency.get(up).forEach(function (other) {
        if (!PLACE[byId.get(other.id).kind] && other.type !== "AGGREGATE") { addUnit(other); }
      });
    });
    if (PLACE[node.kind]) {
      adjacency.get(id).forEach(addUnit);
    } else {
      adjacency.get(id).forEach(function (other) {
        addUnit(other);
        ancestors(other.id).forEach(function (up) { chain.add(up); });
      });
    }
    return chain;
  }

  function say(text) { status.textContent = text; }

  function fitTo(ids) {
    if (!ids.length) { return; }
    network.fit({nodes: ids.slice(0, 500), animation: false});
    if (network.getScale() > 1.2) { network.moveTo({scale: 1.2}); }
    scaleDashes();
  }

  // --- the detail panel: what one node (or one organization of the catalogue, drawn or not) is
  var detailTitle = document.getElementById("lx-detail-title");
  var detailBody = document.getElementById("lx-detail-body");

  function section(heading, lines, className) {
    var box = element("div", className || "");
    if (heading) { box.appendChild(element("h3", "", heading)); }
    var list = element("ul");
    lines.forEach(function (line) { list.appendChild(element("li", "", line)); });
    box.appendChild(lines.length === 1 && !heading ? element("div", "", lines[0]) : list);
    return box;
  }

  // One argument of the suggested command, in double quotes (cmd, PowerShell and sh keep ; & | and
  // spaces inside them as text); a double quote of a name is left out, for it would end the argument.
  function argument(text) {
    return "\"" + String(text).replace(/"/g, "") + "\"";
  }

  function streetCommand(street) {
    return "liangxin viz " + argument(DATA.source) + " --street " + argument(street) +
      " --out " + argument(street + ".html");
  }

  function showOrganization(row) {
    var id = catalog.value(row, "id"), drawn = byId.has(id), street = catalog.street(row);
    detailTitle.textContent = "组织详情";
    detailBody.textContent = "";
    detailBody.appendChild(element("h2", "", catalog.value(row, "name")));
    catalog.detail(row).forEach(function (part) { detailBody.appendChild(section(part[0], part[1])); });
    if (!drawn) {
      var note = element("div", "lx-detail-note", "本图没有绘出这个组织。");
      if (street && DATA.streetFiles[street]) {
        var link = element("a", "", "打开" + street + "的网络图");
        link.href = DATA.streetFiles[street];
        note.appendChild(element("div")).appendChild(link);
      }
      if (street && DATA.mode === "street" && has(DATA.streets, street)) {
        // Its own street's page, full under the cap: more nodes draw it.
        note.appendChild(element("div", "", "本街道组织多于绘图上限，可提高上限后重画："));
        note.appendChild(element("code", "", streetCommand(street) + " --max-nodes 20000"));
      } else if (street) {
        note.appendChild(element("div", "", "画出它所在的街道，可运行："));
        note.appendChild(element("code", "", streetCommand(street)));
      }
      detailBody.appendChild(note);
    }
  }

  function showNode(node) {
    detailTitle.textContent = (node.kinds || [node.kind]).map(function (k) { return KINDS[k].label; }).join("、");
    detailBody.textContent = "";
    detailBody.appendChild(element("h2", "", node.name));
    var chain = ancestors(node.id).reverse().map(function (up) { return byId.get(up).name; });
    if (chain.length) { detailBody.appendChild(section("上级", [chain.concat([node.name]).join(" → ")])); }
    detailBody.appendChild(section("情况", (node.info || []).map(function (pair) { return pair[0] + "：" + pair[1]; })));
    if (node.codes && node.codes.length) {
      detailBody.appendChild(section("问题", node.codes.map(function (code) { return code[0]; })));
    }
    var linked = adjacency.get(node.id).filter(function (other) { return byId.get(other.id).kind === "organization"; });
    if (!PLACE[node.kind] && linked.length) {
      detailBody.appendChild(section("本图中负责的组织", [linked.length + " 个（点击图中组织查看详情）"]));
    }
  }

  function showDetail(id) {
    var row = catalog && catalog.row(id);
    if (row) { showOrganization(row); } else if (byId.has(id)) { showNode(byId.get(id)); } else { return false; }
    state.selected = id;
    return true;
  }

  function selectNode(id) {
    if (!byId.has(id)) { return showDetail(id); }
    state.focus = chainOf(id);
    apply();
    network.selectNodes([id]);
    fitTo(Array.from(state.focus).filter(function (other) { return !hidden.has(other); }));
    say("责任链：" + byId.get(id).name + "（" + state.focus.size + " 个节点）");
    showDetail(id);
    return true;
  }

  function clearFocus() {
    state.focus = null;
    network.unselectAll();
    apply();
    say("");
  }

  // --- search: every organization of the catalogue, and the drawn places and units
  function matchesOf(query) {
    var key = window.liangxinCatalog.normal(query), list = [], seen = new Set();
    if (!key) { return list; }
    (catalog ? catalog.search(query) : []).forEach(function (row) {
      var id = catalog.value(row, "id");
      seen.add(id);
      list.push({id: id, name: catalog.value(row, "name"), drawn: byId.has(id) && !hidden.has(id)});
    });
    DATA.nodes.forEach(function (node) {
      if (!seen.has(node.id) && node.searchKey.indexOf(key) >= 0) {
        list.push({id: node.id, name: node.name, drawn: !hidden.has(node.id)});
      }
    });
    // Drawn matches first, then the rest, each in catalogue order.
    return list.filter(function (m) { return m.drawn; }).concat(list.filter(function (m) { return !m.drawn; }));
  }

  // The drawn community (or street) of an organization of the catalogue that is not drawn.
  function placeOf(match) {
    var row = match && catalog.row(match.id);
    if (!row) { return null; }
    var street = catalog.street(row), community = catalog.community(row), found = null;
    DATA.nodes.forEach(function (node) {
      if (hidden.has(node.id) || node.street !== street) { return; }
      if (node.kind === "community" && node.name === community) { found = node.id; }
      if (node.kind === "street" && found === null) { found = node.id; }
    });
    return found;
  }

  function showResults(matches) {
    results.textContent = "";
    matches.slice(0, 30).forEach(function (match) {
      var button = element("button", "", match.name);
      button.type = "button";
      var node = byId.get(match.id);
      button.appendChild(element("span", "lx-result-kind", match.drawn ? KINDS[node.kind].label : "未绘出"));
      button.addEventListener("click", function () { results.hidden = true; selectNode(match.id); });
      results.appendChild(button);
    });
    if (matches.length > 30) { results.appendChild(element("div", "lx-result-kind", "……共 " + matches.length + " 个")); }
    results.hidden = matches.length === 0;
  }

  function search(query) {
    state.query = query || "";
    var matches = matchesOf(state.query);
    if (!state.query.trim()) { results.hidden = true; clearFocus(); return []; }
    var drawn = matches.filter(function (m) { return m.drawn; }).map(function (m) { return m.id; });
    state.focus = new Set(drawn);
    var drawnCount = drawn.length, place = drawn.length ? null : placeOf(matches[0]);
    if (place) {  // where the undrawn organization is: its community (or street) and the units there
      state.focus = chainOf(place);
      drawn = Array.from(state.focus);
    }
    apply();
    showResults(matches);
    fitTo(drawn);
    if (matches.length) { showDetail(matches[0].id); }
    say(matches.length ? "找到 " + matches.length + " 个（本图绘出 " + drawnCount + " 个）"
      : catalog && catalog.raw.partial ? "本图的组织目录中没有名称或代码含“" + state.query + "”的组织或单位（目录只含部分组织，见图上方的说明）"
      : DATA.whole + "没有名称或代码含“" + state.query + "”的组织或单位");
    return matches;
  }

  // --- filters: by street, by finding code, by unit kind
  function orgRow(id) { return catalog ? catalog.row(id) : null; }

  function keepByCodeOrKind(keep) {
    // Organizations: those with the code / answered for by a unit of the kind.
    var orgs = DATA.nodes.filter(function (node) {
      if (node.kind !== "organization" || !keep.has(node.id)) { return false; }
      var row = orgRow(node.id);
      if (state.code && !(row && catalog.hasCode(row, state.code))) { return false; }
      if (state.kind && !(row && catalog.hasUnitKind(row, state.kind))) { return false; }
      return true;
    });
    var kept = new Set(DATA.nodes.filter(function (n) { return n.kind === "district"; }).map(function (n) { return n.id; }));
    orgs.forEach(function (node) {
      kept.add(node.id);
      ancestors(node.id).forEach(function (up) { kept.add(up); });
      adjacency.get(node.id).forEach(function (other) {
        if (!PLACE[byId.get(other.id).kind]) { kept.add(other.id); }
        if (byId.get(other.id).kind === "instructor") {
          adjacency.get(other.id).forEach(function (up) { if (up.type === "APPOINTS") { kept.add(up.id); } });
        }
      });
    });
    if (state.kind) {
      // Units of other kinds go; the places stay to hold the organizations.
      DATA.nodes.forEach(function (node) {
        var unit = !PLACE[node.kind] && node.kind !== "party_org";
        if (unit && keep.has(node.id) && has(node.kinds || [node.kind], state.kind)) { kept.add(node.id); }
        if (unit && !has(node.kinds || [node.kind], state.kind)) { kept.delete(node.id); }
      });
    }
    if (!state.code) {
      DATA.nodes.forEach(function (node) { if (PLACE[node.kind] && node.kind !== "organization" && keep.has(node.id)) { kept.add(node.id); } });
    }
    return new Set(Array.from(keep).filter(function (id) { return kept.has(id); }));
  }

  function keepByStreet(street) {
    var keep = new Set();
    DATA.nodes.forEach(function (node) {
      if (node.kind === "district" || (PLACE[node.kind] && node.street === street)) { keep.add(node.id); }
    });
    Array.from(keep).forEach(function (id) {
      if (byId.get(id).kind === "district") { return; }
      adjacency.get(id).forEach(function (other) {
        if (!PLACE[byId.get(other.id).kind]) { keep.add(other.id); }
      });
    });
    Array.from(keep).forEach(function (id) {
      if (byId.get(id).kind !== "instructor") { return; }
      adjacency.get(id).forEach(function (other) { if (other.type === "APPOINTS") { keep.add(other.id); } });
    });
    return keep;
  }

  // The organizations of the view the filters list (drawn or not): the CSV export and the panel's list.
  function listedRows() {
    if (!catalog) { return []; }
    return catalog.rows.filter(function (row) {
      return catalog.flag(row, "scope") && (!state.street || catalog.street(row) === state.street) &&
        (!state.code || catalog.hasCode(row, state.code)) && (!state.kind || catalog.hasUnitKind(row, state.kind));
    });
  }

  function showListed(rows) {
    var codeName = state.code ? codeLabel(state.code) : "全部组织";
    detailTitle.textContent = "筛选结果";
    detailBody.textContent = "";
    var drawnCount = rows.filter(function (row) { return byId.has(catalog.value(row, "id")); }).length;
    detailBody.appendChild(element("h2", "", codeName + (state.street ? "（" + state.street + "）" : "")));
    detailBody.appendChild(element("div", "", "本图范围内 " + rows.length + " 个组织，其中绘出 " + drawnCount + " 个。"));
    var list = element("div", "lx-detail-list");
    rows.slice(0, 200).forEach(function (row) {
      var id = catalog.value(row, "id"), button = element("button", "", catalog.value(row, "name"));
      button.type = "button";
      if (!byId.has(id)) { button.appendChild(element("span", "lx-undrawn", "未绘出")); }
      button.addEventListener("click", function () { selectNode(id); });
      list.appendChild(button);
    });
    if (rows.length > 200) { list.appendChild(element("div", "lx-undrawn", "……共 " + rows.length + " 个，全部见“导出组织清单”")); }
    detailBody.appendChild(list);
  }

  function refilter() {
    var all = new Set(DATA.nodes.map(function (node) { return node.id; }));
    var keep = state.street ? keepByStreet(state.street) : all;
    if (state.code || state.kind) { keep = keepByCodeOrKind(keep); }
    hidden = new Set(DATA.nodes.filter(function (node) { return !keep.has(node.id); }).map(function (node) { return node.id; }));
    if (state.query) { search(state.query); } else { state.focus = null; apply(); }
    var visible = DATA.nodes.filter(function (node) { return !hidden.has(node.id); }).map(function (node) { return node.id; });
    // Frame the street itself; its units may stand anywhere in the district.
    fitTo(state.street ? visible.filter(function (id) { return byId.get(id).street === state.street; }) : visible);
    var filtered = state.street || state.code || state.kind;
    say(filtered ? (state.street ? state.street + "：" : "") + "显示 " + visible.length + " 个节点" : "");
    if ((state.code || state.kind) && !state.query) { showListed(listedRows()); }
    return visible;
  }

  function filterStreet(street) { state.street = street || ""; streetBox.value = state.street; return refilter(); }

  // The API's filter: a fresh view of the view's organizations, so any search is cleared first.
  function filter(options) {
    options = options || {};
    state.query = ""; searchBox.value = ""; results.hidden = true; state.focus = null; network.unselectAll();
    state.code = options.code || "";
    state.kind = options.kind || "";
    state.street = options.street || "";
    codeBox.value = state.code; kindBox.value = state.kind; streetBox.value = state.street;
    return refilter();
  }

  function codeLabel(code) {
    var pair = catalog ? catalog.raw.codes.filter(function (c) { return c[0] === code; })[0] : null;
    return pair ? pair[1] : code;
  }

  // --- export: the canvas as PNG, the listed organizations as CSV
  function download(name, href) {
    var link = element("a");
    link.href = href; link.download = name;
    document.body.appendChild(link); link.click(); link.remove();
  }
  function pngDataUrl() {
    var canvas = container.querySelector("canvas"), copy = document.createElement("canvas");
    copy.width = canvas.width; copy.height = canvas.height;
    var context = copy.getContext("2d");
    context.fillStyle = "#ffffff"; context.fillRect(0, 0, copy.width, copy.height);
    context.drawImage(canvas, 0, 0);
    return copy.toDataURL("image/png");
  }
  function csvText() {
    return catalog.csv(listedRows(), function (id) { return byId.has(id); }, DATA.formulaPrefixes);
  }

  // --- the controls
  var codeBox = document.getElementById("lx-code"), kindBox = document.getElementById("lx-kind");
  DATA.nodes.forEach(function (node) { node.searchKey = window.liangxinCatalog.normal(node.name); });
  DATA.streets.forEach(function (street) { streetBox.appendChild(new Option(street, street)); });
  DATA.unitKinds.forEach(function (kind) { kindBox.appendChild(new Option(KINDS[kind].label, kind)); });

  window.liangxinCatalog.load(DATA).then(function (loaded) {
    catalog = loaded;
    titled.clear();  // organizations' tooltips are rebuilt from the catalogue
    catalog.raw.codes.forEach(function (pair) {
      var counts = DATA.figures.codes[pair[0]] || [0, 0];
      var text = pair[1] + "（" + (DATA.mode === "district" ? counts[1] : "本图 " + counts[0] + " / " + DATA.whole + " " + counts[1]) + "）";
      var option = new Option(text, pair[0]);
      codeBox.appendChild(option);
    });
    state.catalogReady = true;
    state.timing.catalog = performance.now();
    settle();
    // Ready for the first search before the analyst types it.
    setTimeout(function () { catalog.prepare(); }, 0);
  }).catch(function () {
    catalog = null;
    var why = "此浏览器无法读取全部组织的目录，只能搜索和查看图上画出的节点：请用新版 Chrome、Edge 或 360 浏览器（极速模式）打开。";
    say(why);
    detailBody.appendChild(element("div", "lx-detail-note", why));
    state.catalogReady = true;
    settle();
  });

  var typing = null;
  searchBox.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () { search(searchBox.value); }, 200);
  });
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      clearTimeout(typing);
      var matches = search(searchBox.value);
      if (matches.length) { results.hidden = true; selectNode(matches[0].id); }
    } else if (event.key === "Escape") {
      searchBox.value = ""; search("");
    }
  });
  streetBox.addEventListener("change", function () { state.street = streetBox.value; refilter(); });
  codeBox.addEventListener("change", function () { state.code = codeBox.value; refilter(); });
  kindBox.addEventListener("change", function () { state.kind = kindBox.value; refilter(); });
  document.getElementById("lx-reset").addEventListener("click", function () {
    searchBox.value = ""; results.hidden = true; state.query = "";
    filter({}); clearFocus(); network.fit(); scaleDashes();
  });
  document.getElementById("lx-png").addEventListener("click", function () { download(DATA.title + ".png", pngDataUrl()); });
  document.getElementById("lx-csv").addEventListener("click", function () {
    var url = URL.createObjectURL(new Blob([csvText()], {type: "text/csv;charset=utf-8"}));
    download(DATA.title + "_组织清单.csv", url);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  });
  document.getElementById("lx-copy").addEventListener("click", function () {
    var text = detailBody.innerText;
    function fallback() {
      var range = document.createRange();
      range.selectNodeContents(detailBody);
      var selection = window.getSelection();
      selection.removeAllRanges(); selection.addRange(range);
      document.execCommand("copy");
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { say("已复制详情"); }, fallback);
    } else { fallback(); say("已复制详情"); }
  });
  // Tooltips are built when the pointer first reaches a node (before vis-network shows them),
  // not thousands at once while the page opens.
  var titled = new Set();
  network.on("hoverNode", function (params) {
    if (titled.has(params.node)) { return; }
    titled.add(params.node);
    nodes.update({id: params.node, title: tooltip(byId.get(params.node))});
  });
  network.on("click", function (params) {
    results.hidden = true;
    if (params.nodes.length) { selectNode(params.nodes[0]); } else { clearFocus(); }
  });

  // The page's API, for the browser tests and notebooks (README: “网络图的页面接口”).
  // search(text) → [{id, name, drawn}], the first shown in the panel; select(nodeId); filter({code, kind,
  // street}) or filter({}) to clear; visibleIds(); detailText().
  window.liangxin = {
    search: search,
    select: selectNode,
    filter: filter,
    visibleIds: function () {
      return DATA.nodes.filter(function (node) {
        return !hidden.has(node.id) && (state.focus === null || state.focus.has(node.id));
      }).map(function (node) { return node.id; });
    },
    detailText: function () { return detailBody.innerText; },
    // Beyond the API: for the tests and the console.
    network: network, nodes: nodes, edges: edges, state: state, drawn: DATA.nodes.length, figures: DATA.figures,
    filterStreet: filterStreet, selectNode: selectNode, clearFocus: clearFocus, csv: csvText, png: pngDataUrl,
    listedIds: function () { return listedRows().map(function (row) { return catalog.value(row, "id"); }); },
    hiddenIds: function () { return Array.from(hidden); }
  };
})();
