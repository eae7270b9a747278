#!/usr/bin/env python3
"""Regenerates proto-schema.tsv: the Kubernetes protobuf wire schema of the built-in API types.

Two upstream sources are joined, per API package directory:
  * generated.proto (written by go-to-protobuf): for every message, field number -> proto name,
    scalar or message type, repeated, map<key, value>; and the "+protobuf.nullable=true" marker on
    messages that stand for a named Go slice (meta/v1 Verbs, authentication/v1 ExtraValue), whose
    JSON is the bare array of their `items`.
  * the Go types (*.go in the same directory): the struct tag of each field gives the JSON name
    (matched through the protobuf tag's name=), ",inline" (JSON flattens the field into its parent,
    e.g. Volume's volumeSource), and whether Go's encoding/json drops the field's zero value
    (a non-pointer field tagged omitempty). The Go protobuf marshaller writes every non-pointer
    scalar, even when zero, so the decoder needs this fact to produce the JSON client-go would send.

Produced from the v0.32.9 tags of kubernetes/api, kubernetes/apimachinery,
kubernetes/apiextensions-apiserver and kubernetes/kube-aggregator (the Kubernetes 1.32 API):

  for r in api apimachinery apiextensions-apiserver kube-aggregator; do
    mkdir -p src/$r && git -C $r archive v0.32.9 | tar -x -C src/$r; done
  extract_proto_schema.py proto-schema.tsv src

Output format (tab-separated, '#' lines are comments):
  group   <apiGroup>  <version>  <proto package>     an API group version and its package
  message <proto package>.<Name>  [array]            a message; "array" = JSON is its items array
  <number> <json name> <type> <flags>                a field of the message above
where <type> is a proto scalar (string, bytes, bool, int32, int64, double), a message's full name,
or map<key,value>; <flags> holds r (repeated), z (omit when zero, Go omitempty on a non-pointer)
and i (inline: JSON merges the message's fields into the parent). json name "-" means the Go
field is not part of the JSON (only special messages such as FieldsV1 have those).
"""
import os
import re
import sys

# API packages (directory under the source root) whose types dotkube decodes.
PACKAGES = [
    "apimachinery/pkg/apis/meta/v1",
    "apimachinery/pkg/runtime",
    "apimachinery/pkg/runtime/schema",
    "apimachinery/pkg/api/resource",
    "apimachinery/pkg/util/intstr",
    "api/core/v1",
    "api/apps/v1",
    "api/batch/v1",
    "api/autoscaling/v1",
    "api/autoscaling/v2",
    "api/networking/v1",
    "api/policy/v1",
    "api/rbac/v1",
    "api/storage/v1",
    "api/scheduling/v1",
    "api/coordination/v1",
    "api/events/v1",
    "api/discovery/v1",
    "api/node/v1",
    "api/flowcontrol/v1",
    "api/authentication/v1",
    "api/authorization/v1",
    "api/admissionregistration/v1",
    "api/certificates/v1",
    "apiextensions-apiserver/pkg/apis/apiextensions/v1",
    "kube-aggregator/pkg/apis/apiregistration/v1",
]

SCALARS = {"string", "bytes", "bool", "int32", "int64", "double", "float", "uint32", "uint64"}
PACKAGE_RE = re.compile(r'^package ([\w.]+);')
MESSAGE_RE = re.compile(r'^message (\w+) \{')
FIELD_RE = re.compile(r'^\s+(optional|repeated) ([\w.]+) (\w+) = (\d+);')
MAP_RE = re.compile(r'^\s+map<(\w+), ([\w.]+)> (\w+) = (\d+);')
GO_TYPE_RE = re.compile(r'^type (\w+) struct \{')
GO_FIELD_RE = re.compile(r'^\t(\w+)?\s*([^`]*?)\s*`([^`]*)`')
TAG_RE = re.compile(r'(\w+):"([^"]*)"')


def parse_proto(path):
    """Returns (package, [(name, is_array, [(num, name, type, repeated)])])."""
    package, messages, comments, current = None, [], [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            m = PACKAGE_RE.match(line)
            if m:
                package = m.group(1)
                continue
            if current is None:
                m = MESSAGE_RE.match(line)
                if m:
                    is_array = any("+protobuf.nullable=true" in c for c in comments)
                    current = (m.group(1), is_array, [])
                    messages.append(current)
                comments = comments + [line] if line.startswith("//") else []
                continue
            if line == "}":
                current = None
                continue
            m = MAP_RE.match(line)
            if m:
                current[2].append((int(m.group(4)), m.group(3), f"map<{m.group(1)},{m.group(2)}>", False))
                continue
            m = FIELD_RE.match(line)
            if m:
                current[2].append((int(m.group(4)), m.group(3), m.group(2), m.group(1) == "repeated"))
            elif line.strip() and not line.strip().startswith("//"):
                raise SystemExit(f"{path}: unparsed line in message {current[0]}: {line}")
    return package, messages


def parse_go(directory):
    """Returns {GoStruct: {protoName: (jsonName, omitZero, inline)}} from the package's Go files."""
    structs = {}
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".go") or name.endswith("_test.go") or name.startswith("zz_generated"):
            continue
        current = None
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if current is None:
                    m = GO_TYPE_RE.match(line)
                    if m:
                        current = structs.setdefault(m.group(1), {})
                    continue
                if line == "}":
                    current = None
                    continue
                m = GO_FIELD_RE.match(line)
                if not m:
                    continue
                field, gotype, tags = m.group(1), m.group(2), dict(TAG_RE.findall(m.group(3)))
                if tags.get("protobuf", "-") == "-":
                    continue
                if not gotype:
                    gotype = field  # embedded: "VolumeSource `json:...`"
                proto_name = dict(p.split("=", 1) for p in tags["protobuf"].split(",") if "=" in p).get("name")
                if proto_name is None:
                    # Without name=, go-to-protobuf names the field after the Go field (or the
                    # embedded type), first letter lowered: EphemeralContainerCommon.
                    go_name = (field or gotype).lstrip("*").split(".")[-1]
                    proto_name = go_name[0].lower() + go_name[1:]
                json_parts = tags.get("json", "").split(",")
                inline = "inline" in json_parts[1:]
                pointer = gotype.startswith("*")
                omit_zero = "omitempty" in json_parts[1:] and not pointer
                current[proto_name] = (json_parts[0] if not inline else "", omit_zero, inline)
    return structs


def group_of(directory):
    """The API group from the package's +groupName marker or GroupName constant."""
    for name in sorted(os.listdir(directory)):
        if name.endswith(".go") and not name.endswith("_test.go"):
            text = open(os.path.join(directory, name), encoding="utf-8").read()
            m = re.search(r'\+groupName=(\S*)', text) or re.search(r'GroupName\s*=\s*"([^"]*)"', text)
            if m:
                return m.group(1)
    return None


def main():
    out, root = sys.argv[1], sys.argv[2]
    lines = []
    groups = []
    for pkg_dir in PACKAGES:
        directory = os.path.join(root, pkg_dir)
        package, messages = parse_proto(os.path.join(directory, "generated.proto"))
        structs = parse_go(directory)
        version = os.path.basename(pkg_dir)
        group = group_of(directory)
        if re.match(r'^v\d+$', version) and group is not None:
            groups.append(f"group\t{group}\t{version}\t{package}")
        for name, is_array, fields in messages:
            lines.append(f"message\t{package}.{name}" + ("\tarray" if is_array else ""))
            go = structs.get(name, {})
            for num, proto_name, ptype, repeated in fields:
                if ptype.startswith("map<"):
                    k, v = ptype[4:-1].split(",")
                    v = v.lstrip(".") if v not in SCALARS else v
                    if "." not in v and v not in SCALARS:
                        v = f"{package}.{v}"
                    ptype = f"map<{k},{v}>"
                elif ptype not in SCALARS:
                    ptype = ptype.lstrip(".") if "." in ptype else f"{package}.{ptype}"
                if proto_name in go:
                    json_name, omit_zero, inline = go[proto_name]
                elif go:
                    raise SystemExit(f"{package}.{name}.{proto_name}: no Go field with that protobuf name")
                else:
                    # Special messages (Time, Quantity, ...) have no Go struct of that shape;
                    # the decoder handles them by name, so their field names are informational.
                    json_name, omit_zero, inline = proto_name, False, False
                # omitempty never drops a struct (Go JSON writes {} or the type's own form),
                # so "z" is only recorded where it has an effect: single scalars and bytes.
                omit_zero = omit_zero and not repeated and ptype in SCALARS
                flags = ("r" if repeated else "") + ("z" if omit_zero else "") + ("i" if inline else "")
                lines.append(f"{num}\t{proto_name if inline else json_name or '-'}\t{ptype}\t{flags}")
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Kubernetes protobuf wire schema (1.32). Generated by extract_proto_schema.py; see it for the format.\n")
        for g in groups:
            f.write(g + "\n")
        for line in lines:
            f.write(line + "\n")
    print(len(groups), "group versions,", sum(1 for l in lines if l.startswith("message")), "messages", file=sys.stderr)


if __name__ == "__main__":
    main()
