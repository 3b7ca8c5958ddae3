// The catalogue of every organization of the dataset (viz/network/catalog.py): decoded from
// gzip + base64 in the browser, searched, and turned into the detail panel's lines and the CSV export.
// Every user string reaches the document as text only (textContent), never as HTML.
(function () {
  "use strict";

  function decode(base64) {
    var binary = atob(base64), bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }

  // The rows, one array per organization in the order of `fields`, from the catalogue's columns:
  // an organization's units are its pairs of the flat `links`, up to `link_ends`; an id not stated
  // (null) is the prefix and the credit code, or the name without one (catalog_rows in catalog.py).
  function rows(raw, fields) {
    var columns = fields.map(function (name) { return raw.columns[name]; });
    var units = fields.indexOf("units"), id = fields.indexOf("id"), links = raw.links, ends = raw.link_ends;
    var codes = raw.columns.code, names = raw.columns.name, prefix = raw.id_prefix;
    var n = ends.length, width = fields.length, list = new Array(n);
    for (var i = 0, start = 0; i < n; i++) {
      var row = new Array(width);
      for (var j = 0; j < width; j++) { row[j] = j === units ? links.slice(2 * start, 2 * ends[i]) : columns[j][i]; }
      if (row[id] === null) { row[id] = prefix + (codes[i] || names[i]); }
      start = ends[i];
      list[i] = row;
    }
    return list;
  }

  function normal(text) { return String(text || "").normalize("NFKC").replace(/\s+/g, "").toLowerCase(); }

  function Catalog(raw, fields, labels) {
    var self = this;
    this.raw = raw;
    this.labels = labels;
    this.f = {};
    fields.forEach(function (name, i) { self.f[name] = i; });
    this.rows = rows(raw, fields);
    this.rowOf = new Map();
    this.rows.forEach(function (row, i) { self.rowOf.set(row[self.f.id], i); });
    this.keys = null;
  }

  Catalog.prototype.row = function (id) {
    var i = this.rowOf.get(id);
    return i === undefined ? null : this.rows[i];
  };
  Catalog.prototype.value = function (row, field) { return row[this.f[field]]; };
  Catalog.prototype.flag = function (row, name) {
    var bits = {key: 1, open: 2, improvement: 4, scope: 8, union: 16, youth: 32, women: 64};
    return (row[this.f.flags] & bits[name]) !== 0;
  };
  // 未覆盖 (open), 提升项, or "" (the words are queries/labels.py's, passed in the page's data).
  Catalog.prototype.state = function (row) {
    return this.flag(row, "open") ? this.labels.open : this.flag(row, "improvement") ? this.labels.improvement : "";
  };
  Catalog.prototype.hasCode = function (row, code) {
    var bit = this.codeBit(code);
    return bit >= 0 && (row[this.f.bits] & (1 << bit)) !== 0;
  };
  Catalog.prototype.codeBit = function (code) {
    for (var i = 0; i < this.raw.codes.length; i++) { if (this.raw.codes[i][0] === code) { return i; } }
    return -1;
  };
  Catalog.prototype.codes = function (row) {
    var bits = row[this.f.bits], list = [];
    this.raw.codes.forEach(function (pair, i) { if (bits & (1 << i)) { list.push(pair); } });
    return list;
  };
  Catalog.prototype.street = function (row) {
    var i = row[this.f.street];
    return i >= 0 ? this.raw.streets[i] : "";
  };
  Catalog.prototype.community = function (row) {
    var i = row[this.f.community];
    return i >= 0 ? this.raw.communities[i] : "";
  };
  // Every responsible unit of the organization, by role, in the catalogue's role order:
  // [[role heading, role kind, [names]]], the departments stationed in its street last.
  Catalog.prototype.units = function (row) {
    var raw = this.raw, byRole = raw.roles.map(function () { return []; });
    var links = row[this.f.units];
    for (var i = 0; i < links.length; i += 2) { byRole[links[i]].push(raw.units[links[i + 1]]); }
    var street = row[this.f.street];
    if (street >= 0 && raw.stations[String(street)]) { byRole[raw.roles.length - 1] = raw.stations[String(street)]; }
    return raw.roles.map(function (role, i) { return [role, raw.role_kinds[i], byRole[i]]; })
      .filter(function (entry) { return entry[2].length > 0; });
  };
  Catalog.prototype.hasUnitKind = function (row, kind) {
    return this.units(row).some(function (entry) { return entry[1] === kind; });
  };
  // Rows whose name or credit code contains the text (as the search box reads it), in catalogue order.
  // The names are normalized once, as one text (one line each): a search is then a few indexOf
  // calls over it, fast at a million organizations.
  Catalog.prototype.prepare = function () {
    var f = this.f;
    if (this.keys === null) {
      var lines = this.rows.map(function (row) { return String(row[f.name] || "").replace(/[\r\n]+/g, " "); });
      this.keys = normal(lines.join("\u0001")).split("\u0001");
      if (this.keys.length !== this.rows.length) {  // a name NFKC turned into a separator: one by one
        this.keys = this.rows.map(function (row) { return normal(row[f.name]); });
      }
      this.text = "\n" + this.keys.join("\n") + "\n";
      this.starts = new Int32Array(this.keys.length);
      for (var r = 0, at = 1; r < this.keys.length; r++) { this.starts[r] = at; at += this.keys[r].length + 1; }
    }
  };
  Catalog.prototype.search = function (text) {
    var key = normal(text), code = String(text || "").trim().toUpperCase(), found = [], f = this.f;
    if (!key) { return found; }
    this.prepare();
    var hits = new Uint8Array(this.rows.length), starts = this.starts;
    for (var at = this.text.indexOf(key); at >= 0; at = this.text.indexOf(key, at + 1)) {
      var lo = 0, hi = starts.length - 1;
      while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (starts[mid] <= at) { lo = mid; } else { hi = mid - 1; } }
      hits[lo] = 1;
    }
    for (var i = 0; i < this.rows.length; i++) {
      if (hits[i] || (code.length >= 4 && this.rows[i][f.code].indexOf(code) >= 0)) { found.push(this.rows[i]); }
    }
    return found;
  };

  // The detail panel's sections for one organization: [[heading, [lines]]]. Plain text: the
  // panel writes it with textContent, and the copy button copies exactly it.
  Catalog.prototype.detail = function (row) {
    var f = this.f, raw = this.raw, self = this;
    var name = row[f.name], street = this.street(row), community = this.community(row);
    var sections = [];
    var status = this.state(row);
    var head = [raw.kinds[row[f.kind]] || "", row[f.code] ? "统一社会信用代码 " + row[f.code] : "无统一社会信用代码"];
    if (status) { head.push(status); }
    if (this.flag(row, "key")) { head.push(this.labels.key); }
    sections.push(["", [head.filter(Boolean).join(" · ")]]);
    sections.push(["责任链", [[raw.district, street || "（街道空缺）", community || "（社区空缺）", name].join(" → ")]]);
    var units = this.units(row).map(function (entry) { return entry[0] + "：" + entry[2].join("、"); });
    sections.push(["责任单位", units.length ? units : ["无（没有任何责任单位）"]]);
    var codes = this.codes(row).map(function (pair) { return pair[1]; });
    sections.push(["问题", codes.length ? codes : ["无"]]);
    var party = raw.statuses[row[f.status]] || "";
    if (row[f.party_org] >= 0) { party += "：" + raw.party_orgs[row[f.party_org]]; }
    var mass = [["union", "工会"], ["youth", "团组织"], ["women", "妇组织"]]
      .filter(function (pair) { return self.flag(row, pair[0]); }).map(function (pair) { return pair[1]; });
    sections.push(["数字", ["从业人员 " + row[f.employees].toLocaleString("en-US") + " 人；党员 " +
      row[f.members].toLocaleString("en-US") + " 名", "党组织：" + (party || "未组建"),
      "群团组织：" + (mass.join("、") || "无")]]);
    return sections;
  };

  // The CSV of `rows` (UTF-8 with BOM, every cell quoted, formula-like cells made inert).
  Catalog.prototype.csv = function (rows, drawn, prefixes) {
    var self = this, f = this.f, raw = this.raw;
    var roles = raw.roles;
    var L = this.labels;
    var header = L.columns.concat([L.open + "/" + L.improvement, L.codes, L.key]).concat(roles).concat(["本图绘出"]);
    function cell(value) {
      var text = String(value === null || value === undefined ? "" : value);
      if (prefixes.some(function (p) { return text.indexOf(p) === 0; })) { text = "'" + text; }
      return '"' + text.replace(/"/g, '""') + '"';
    }
    var lines = [header.map(cell).join(",")];
    rows.forEach(function (row) {
      var byRole = {};
      self.units(row).forEach(function (entry) { byRole[entry[0]] = entry[2].join("、"); });
      var party = raw.statuses[row[f.status]] || "";
      if (row[f.party_org] >= 0) { party += "：" + raw.party_orgs[row[f.party_org]]; }
      var values = [row[f.name], row[f.code], raw.kinds[row[f.kind]] || "", self.street(row), self.community(row),
        row[f.employees], row[f.members], party,
        self.state(row),
        self.codes(row).map(function (pair) { return pair[1]; }).join("、"), self.flag(row, "key") ? "是" : ""]
        .concat(roles.map(function (role) { return byRole[role] || ""; }))
        .concat([drawn(row[f.id]) ? "是" : "否"]);
      lines.push(values.map(cell).join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  };

  window.liangxinCatalog = {
    // A promise of the catalogue; rejected (never thrown) where the browser cannot decode it.
    load: function (data) {
      return Promise.resolve().then(function () {
        if (typeof DecompressionStream === "undefined") { throw new Error("no DecompressionStream"); }
        return decode(data.catalog);
      }).then(function (raw) { return new Catalog(raw, data.fields, data.labels); });
    },
    normal: normal
  };
})();
