#!/usr/bin/env python3
"""Where the bytes of a NativeAOT binary go, from the ILC's map file (IlcGenerateMapFile).

Usage: size-breakdown.py MAP.xml ILC.rsp [TOP]
Every object node of the map (method code, GC info, type structures, generic dictionaries,
statics, writable data, metadata blobs) is attributed to the assembly whose mangled name starts
the node's symbol (the reference list in the ILC response file names the assemblies), and to a
namespace-like prefix (the first three mangled components after the assembly). Nodes that name
no assembly (runtime tables, the embedded reflection metadata, frozen strings) are listed apart.
"""
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict

# Decorations the compiler puts before a symbol's own mangled name.
PREFIXES = re.compile(
    r"^(?:_ZTV\d+|__GenericDict_|__writableData|__GCSTATICS|__NONGCSTATICS|__GCStaticBase_|__NonGCStaticBase_|"
    r"__GenericInstance_|__ehinfo_|__fataddresstakenpointer_|__InterfaceDispatchMap_|__readonlydata_|"
    r"__fatpointer_|__SealedVTable_|__GenericLookupFromType_|__GenericLookupFromDict_|__GetGCStaticBase_|"
    r"__GetNonGCStaticBase_|__DelegateCtor_|__GCStaticEEType_|unbox_|_associatedData_|__ThreadStaticBase_|"
    r"__TypeThreadStaticIndex_|__RuntimeMethodHandle_|__RuntimeFieldHandle_|__GenericLookup_)+")


def mangle(assembly: str) -> str:
    if assembly == "System.Private.CoreLib":
        return "S_P_CoreLib"
    if assembly.startswith("System.Private."):
        return "S_P_" + assembly[len("System.Private."):].replace(".", "_")
    return re.sub(r"[^A-Za-z0-9]", "_", assembly)


def main() -> None:
    map_file, rsp_file = sys.argv[1], sys.argv[2]
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 25
    assemblies = {}
    with open(rsp_file, encoding="utf-8") as rsp:
        for line in rsp:
            match = re.match(r"^(?:-r:|--reference:|)(.+\.dll)$", line.strip().strip('"'))
            if match:
                name = match.group(1).replace("\\", "/").rsplit("/", 1)[-1][:-4]
                assemblies[mangle(name)] = name
    # Longest first: Microsoft_Extensions_Hosting_Systemd before Microsoft_Extensions_Hosting.
    ordered = sorted(assemblies, key=len, reverse=True)

    by_assembly = Counter()
    by_namespace = Counter()
    by_kind = Counter()
    unattributed = Counter()
    total = 0
    for _, node in ET.iterparse(map_file):
        length = node.get("Length")
        if length is None:
            continue
        size = int(length)
        total += size
        kind = node.tag
        by_kind[kind] += size
        name = PREFIXES.sub("", node.get("Name", ""))
        owner = next((m for m in ordered if name.startswith(m + "_") or name == m), None)
        if owner is None:
            unattributed[kind] += size
        else:
            by_assembly[assemblies[owner]] += size
            rest = name[len(owner) + 1:].split("_")
            by_namespace[f"{assemblies[owner]}: {'.'.join(p for p in rest[:3] if p)}"] += size
        node.clear()

    def table(title, counter, limit):
        print(f"\n{title}")
        print(f"{'KiB':>9}  {'share':>6}  name")
        for name, size in counter.most_common(limit):
            print(f"{size / 1024:9.0f}  {100 * size / total:5.1f}%  {name}")

    print(f"object nodes in the map: {total / 1024:.0f} KiB in all")
    table("by assembly", by_assembly, top)
    table("by namespace-like prefix (assembly: first three mangled parts)", by_namespace, top)
    table("by kind of node", by_kind, 12)
    table("not attributed to an assembly (runtime tables, reflection metadata, strings), by kind", unattributed, 10)


if __name__ == "__main__":
    main()
