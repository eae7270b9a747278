#!/usr/bin/env python3
"""Regenerates patch-facts.tsv from the upstream Go API types.

The facts (patchStrategy, patchMergeKey, +listType, +listMapKey, +mapType, +structType) are read
from struct tags and comment markers in kubernetes/api, apimachinery (meta/v1),
apiextensions-apiserver and kube-aggregator, and keyed by the class names the KubernetesClient
NuGet package gives the same types (that list is read from a file of model names, one per line,
because the client disambiguates names that clash across groups, e.g. Corev1Event).

usage: extract_patch_facts.py MODEL_NAMES_FILE OUT_TSV SRC_ROOT...
  where each SRC_ROOT is "<dir>:<group-prefix-for-paths>" pointing at checked-out sources.
"""
import os
import re
import sys

TYPE_RE = re.compile(r'^type (\w+) struct \{')
OTHER_TYPE_RE = re.compile(r'^type (\w+) (\[\]|map\[)')
FIELD_RE = re.compile(r'^\t(\w+)?\s*([^`]*?)\s*`([^`]*)`')
TAG_RE = re.compile(r'(\w+):"([^"]*)"')
MARKER_RE = re.compile(r'^\s*//\s*\+(patchStrategy|patchMergeKey|listType|listMapKey|mapType|structType)=(\S+)')


def markers(comments):
    found = {}
    for line in comments:
        m = MARKER_RE.match(line)
        if m:
            found.setdefault(m.group(1), []).append(m.group(2))
    return found


def parse_file(path):
    """Returns {GoType: {"fields": [(json, facts, goType)], "inline": [GoType], "struct": structType}} and named list/map type markers."""
    types, named = {}, {}
    comments, current = [], None
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if current is None:
                m = TYPE_RE.match(line)
                if m:
                    mk = markers(comments)
                    current = types[m.group(1)] = {"fields": [], "inline": [], "struct": (mk.get("structType") or [None])[0]}
                    comments = []
                    continue
                m = OTHER_TYPE_RE.match(line)
                if m:
                    named[m.group(1)] = markers(comments)
                comments = comments + [line] if line.lstrip().startswith('//') else []
                continue
            if line == '}':
                current = None
                comments = []
                continue
            if line.lstrip().startswith('//'):
                comments.append(line)
                continue
            m = FIELD_RE.match(line)
            if not m:
                comments = []
                continue
            name, gotype, tag = m.group(1), m.group(2), m.group(3)
            tags = dict(TAG_RE.findall(tag))
            if not gotype:
                # An embedded type: "Name `json:...`" parses as name with an empty type.
                gotype, name = name, None
            json_name = tags.get("json", "").split(",")[0]
            if json_name == "-":
                comments = []
                continue
            if json_name == "" and (name is None or ",inline" in tags.get("json", "")):
                current["inline"].append(gotype.split(".")[-1].lstrip("*"))
                comments = []
                continue
            mk = markers(comments)
            facts = {
                "strategy": tags.get("patchStrategy") or (mk.get("patchStrategy") or [None])[0],
                "mergeKey": tags.get("patchMergeKey") or (mk.get("patchMergeKey") or [None])[0],
                "listType": (mk.get("listType") or [None])[0],
                "listMapKeys": mk.get("listMapKey"),
                "mapType": (mk.get("mapType") or [None])[0],
                "structType": (mk.get("structType") or [None])[0],
            }
            base = re.sub(r'^[\[\]\*]+|^map\[[^\]]*\]', '', gotype).split(".")[-1]
            current["fields"].append((json_name, facts, base))
            comments = []
    return types, named


def version_prefix(version):
    return version[0].upper() + version[1:]


def main():
    models = set(l.split()[0] for l in open(sys.argv[1]) if l.strip())
    out = sys.argv[2]
    rows = {}
    collisions = []
    for spec in sys.argv[3:]:
        root, _, _ = spec.partition(":")
        for dirpath, _, files in os.walk(root):
            if "types.go" not in files:
                continue
            version = os.path.basename(dirpath)
            group = os.path.basename(os.path.dirname(dirpath))
            if not re.match(r'^v\d+((alpha|beta)\d+)?$', version):
                continue
            types, named = parse_file(os.path.join(dirpath, "types.go"))
            for gotype, info in types.items():
                short = version_prefix(version) + gotype
                long = group[0].upper() + group[1:] + version + gotype
                cs = long if long in models else short if short in models else None
                if cs is None:
                    continue
                if cs in rows:
                    collisions.append((cs, dirpath))
                    continue
                fields = dict((j, (facts, base)) for j, facts, base in info["fields"])
                # Inline-embedded structs contribute their fields (Volume embeds VolumeSource).
                pending = list(info["inline"])
                while pending:
                    emb = pending.pop()
                    if emb in types:
                        for j, facts, base in types[emb]["fields"]:
                            fields.setdefault(j, (facts, base))
                        pending.extend(types[emb]["inline"])
                for j, (facts, base) in list(fields.items()):
                    # Markers on a named list or map type apply to fields of that type.
                    if base in named and not facts["listType"]:
                        mk = named[base]
                        facts = dict(facts, listType=(mk.get("listType") or [None])[0],
                                     listMapKeys=mk.get("listMapKey"), mapType=(mk.get("mapType") or [None])[0])
                        fields[j] = (facts, base)
                rows[cs] = (info["struct"], fields)
    with open(out, "w", encoding="utf-8") as f:
        f.write("# type\tfield\tpatchStrategy\tpatchMergeKey\tlistType\tlistMapKeys\tmapType\tstructType\n")
        f.write("# A type line without a field gives the type's own structType. Generated by extract_patch_facts.py.\n")
        for cs in sorted(rows):
            struct_type, fields = rows[cs]
            f.write(f"{cs}\t\t\t\t\t\t\t{struct_type or ''}\n")
            for j in sorted(fields):
                facts = fields[j][0]
                vals = [facts["strategy"], facts["mergeKey"], facts["listType"],
                        ",".join(facts["listMapKeys"]) if facts["listMapKeys"] else None, facts["mapType"], facts["structType"]]
                if any(vals):
                    f.write(cs + "\t" + j + "\t" + "\t".join(v or "" for v in vals) + "\n")
    for c in collisions:
        print("collision:", c, file=sys.stderr)
    print(len(rows), "types", file=sys.stderr)


if __name__ == "__main__":
    main()
