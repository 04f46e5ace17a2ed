#!/usr/bin/env python3
"""The "jsonschema-rs fixture script" peer: validates MAGSAG runner fixtures and skill examples.

Usage: fixtures_rs.py [--root DIR] [--format text|json] [FILE...]

Without FILE, every fixture (catalog/agents/{main,sub}/<slug>/fixtures/*.json) and every skill
example (catalog/skills/<name>/resources/examples/{in,out}.json) under the root (default: the
current directory) is checked; with FILEs (as pre-commit passes them) only those that are
fixtures or examples.  A fixture's "input" / "expect.output" are validated against its agent's
contracts (agent.yaml contracts.input_schema / output_schema), each recorded call's "input" /
"output" against the callee's contracts; in.json / out.json against the skill's contracts.
Cross-file "$ref"s under https://magsag.ai/ resolve to files under the root (never the network).
Each schema is compiled once.  Exit status 1 when anything is invalid.

Runs inside bench/.venv (needs jsonschema_rs and PyYAML, both installed by bench/run).
This is what a team would write for pre-commit today; it is a peer, not part of magsag-lint.
"""
import json
import os
import re
import sys

import jsonschema_rs
import yaml

ID_BASE = "https://magsag.ai/"
FIXTURE_RE = re.compile(r"^catalog/agents/(main|sub)/([^/]+)/fixtures/[^/]+\.json$")
EXAMPLE_RE = re.compile(r"^catalog/skills/([^/]+)/resources/examples/(in|out)\.json$")
REF_RE = re.compile(r"^magsag://(sub|skill)\.([^@]+)@")


class Checker:
    def __init__(self, root):
        self.root = root
        self.docs = {}
        self.validators = {}
        self.manifests = {}
        self.errors = []

    def report(self, path, pointer, message):
        self.errors.append({"file": path, "pointer": pointer, "message": message})

    def retrieve(self, uri):
        if uri.startswith(ID_BASE):
            rel = uri[len(ID_BASE):].split("#", 1)[0]
            with open(os.path.join(self.root, rel), encoding="utf-8") as f:
                return json.load(f)
        raise ValueError("refusing to fetch %s (offline)" % uri)

    def validator(self, schema_path):
        if schema_path not in self.validators:
            try:
                with open(os.path.join(self.root, schema_path), encoding="utf-8") as f:
                    schema = json.load(f)
                v = jsonschema_rs.validator_for(schema, retriever=self.retrieve)
            except Exception as e:  # unreadable / invalid schema: reported once, then skipped
                self.report(schema_path, "", "cannot compile schema: %s" % str(e).splitlines()[0])
                v = None
            self.validators[schema_path] = v
        return self.validators[schema_path]

    def manifest(self, kind, name):
        key = (kind, name)
        if key not in self.manifests:
            if kind == "skill":
                path = "catalog/skills/%s/skill.yaml" % name
            else:
                path = "catalog/agents/%s/%s/agent.yaml" % (kind, name)
            try:
                with open(os.path.join(self.root, path), encoding="utf-8") as f:
                    m = yaml.safe_load(f)
                c = m.get("contracts") or {}
                self.manifests[key] = (c.get("input_schema"), c.get("output_schema"))
            except Exception:
                self.manifests[key] = None
        return self.manifests[key]

    def validate(self, path, pointer, instance, schema_path):
        if not schema_path:
            return
        v = self.validator(schema_path)
        if v is None:
            return
        for err in v.iter_errors(instance):
            where = pointer + "".join("/" + str(p) for p in err.instance_path)
            self.report(path, where, "%s (vs %s)" % (err.message, schema_path))

    def load_json(self, path):
        try:
            with open(os.path.join(self.root, path), encoding="utf-8") as f:
                return json.load(f), True
        except Exception as e:
            self.report(path, "", "cannot parse: %s" % e)
            return None, False

    def check_fixture(self, path, kind, slug):
        doc, ok = self.load_json(path)
        if not ok or not isinstance(doc, dict):
            return
        own = self.manifest(kind, slug)
        if own is None:
            self.report(path, "", "cannot read the agent's agent.yaml")
            return
        self.validate(path, "/input", doc.get("input"), own[0])
        expect = doc.get("expect") or {}
        if isinstance(expect, dict) and "output" in expect:
            self.validate(path, "/expect/output", expect["output"], own[1])
        for i, call in enumerate(doc.get("calls") or []):
            if not isinstance(call, dict):
                continue
            ref = call.get("agent") or call.get("skill") or ""
            m = REF_RE.match(ref)
            if not m:
                self.report(path, "/calls/%d" % i, "unparsable reference %r" % ref)
                continue
            callee = self.manifest(m.group(1), m.group(2))
            if callee is None:
                self.report(path, "/calls/%d" % i, "callee %s has no readable manifest" % ref)
                continue
            self.validate(path, "/calls/%d/input" % i, call.get("input"), callee[0])
            self.validate(path, "/calls/%d/output" % i, call.get("output"), callee[1])

    def check_example(self, path, skill, which):
        doc, ok = self.load_json(path)
        if not ok:
            return
        c = self.manifest("skill", skill)
        if c is None:
            self.report(path, "", "cannot read the skill's skill.yaml")
            return
        self.validate(path, "", doc, c[0] if which == "in" else c[1])

    def check(self, path):
        m = FIXTURE_RE.match(path)
        if m:
            self.check_fixture(path, m.group(1), m.group(2))
            return
        m = EXAMPLE_RE.match(path)
        if m:
            self.check_example(path, m.group(1), m.group(2))


def all_targets(root):
    out = []
    for kind in ("main", "sub"):
        base = os.path.join(root, "catalog", "agents", kind)
        for slug in sorted(os.listdir(base)) if os.path.isdir(base) else []:
            fx = os.path.join(base, slug, "fixtures")
            for name in sorted(os.listdir(fx)) if os.path.isdir(fx) else []:
                if name.endswith(".json"):
                    out.append("catalog/agents/%s/%s/fixtures/%s" % (kind, slug, name))
    base = os.path.join(root, "catalog", "skills")
    for name in sorted(os.listdir(base)) if os.path.isdir(base) else []:
        for which in ("in", "out"):
            p = "catalog/skills/%s/resources/examples/%s.json" % (name, which)
            if os.path.exists(os.path.join(root, p)):
                out.append(p)
    return out


def main(argv):
    root, fmt, files = ".", "text", []
    it = iter(argv)
    for a in it:
        if a == "--root":
            root = next(it)
        elif a == "--format":
            fmt = next(it)
        else:
            files.append(a)
    checker = Checker(root)
    targets = [os.path.normpath(f).replace(os.sep, "/") for f in files] if files else all_targets(root)
    for path in targets:
        checker.check(path)
    if fmt == "json":
        json.dump({"checked": len(targets), "errors": checker.errors}, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        for e in checker.errors:
            print("%s:%s: %s" % (e["file"], e["pointer"], e["message"]))
    return 1 if checker.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
