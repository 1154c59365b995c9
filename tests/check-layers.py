#!/usr/bin/env python3
"""The library's layers, checked: libplan/ has one folder per layer, and a
file may use only its own layer and the layers below it.

    check-layers.py ROOT LIBRARY      (LIBRARY: libplan.a, read with nm -A)
    check-layers.py ROOT --nm FILE    (FILE: the output of nm -A, saved)
    check-layers.py ROOT --nm FILE --expect LIST
                                      (passes if the problems are exactly
                                       the lines of LIST: the check's own test)

Fails (exit 1), naming the files, on:
  - a source file outside the layer folders, or a folder without README.md;
  - an #include "layer/file.h" of a higher layer, or of a sibling layer
    (feasible/ and aggregate/ stand side by side and know nothing of each
    other), or of a header that does not exist;
  - a call or a reference, by the link map, from a file to a symbol defined
    in a higher or sibling layer;
  - a cycle between files: files that, through the link map, end up calling
    themselves (a strongly connected component of more than one file).
Public headers ("plan/...") may be included anywhere."""
import collections
import os
import re
import subprocess
import sys

# bottom up; equal ranks are siblings
LAYERS = {
    'base': 0, 'model': 1, 'result': 2, 'io': 3, 'mrp': 4, 'capacity': 5, 'project': 5.5,
    'feasible': 6, 'aggregate': 6, 'pipeline': 7, 'report': 7,
}


def may_use(user, used):
    """Whether a file of layer user may use one of layer used."""
    return used == user or LAYERS[used] < LAYERS[user]


def sources(root):
    lib = os.path.join(root, 'libplan')
    out, problems = [], []
    for dirpath, _, names in os.walk(lib):
        rel = os.path.relpath(dirpath, lib)
        for name in sorted(names):
            if not name.endswith(('.c', '.h')):
                continue
            layer = rel.split(os.sep)[0]
            if rel == '.' or layer not in LAYERS or os.sep in rel:
                problems.append(f'libplan/{os.path.normpath(os.path.join(rel, name))}: not in a layer folder '
                                f'({", ".join(LAYERS)})')
                continue
            out.append((layer, os.path.join(layer, name)))
    for layer in LAYERS:
        if os.path.isdir(os.path.join(lib, layer)) and \
                not os.path.isfile(os.path.join(lib, layer, 'README.md')):
            problems.append(f'libplan/{layer}/: no README.md')
    return out, problems


def check_includes(root, files):
    problems = []
    pattern = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
    for layer, rel in files:
        with open(os.path.join(root, 'libplan', rel), encoding='utf-8') as f:
            for lineno, line in enumerate(f, 1):
                m = pattern.match(line)
                if not m or m.group(1).startswith('plan/') or m.group(1) == 'plan.h':
                    continue
                target = m.group(1)
                used = target.split('/')[0]
                if '/' not in target or used not in LAYERS:
                    problems.append(f'libplan/{rel}:{lineno}: #include "{target}" names no layer')
                elif not os.path.isfile(os.path.join(root, 'libplan', target)):
                    problems.append(f'libplan/{rel}:{lineno}: #include "{target}": no such header')
                elif not may_use(layer, used):
                    problems.append(f'libplan/{rel}:{lineno}: {layer}/ includes {target} '
                                    f'({used}/ is {"a sibling" if LAYERS[used] == LAYERS[layer] else "above"})')
    return problems


def object_name(member):
    """libplan_mrp_netting.c.o -> mrp/netting.c"""
    base = member.split(':')[-1]
    base = re.sub(r'\.o$', '', base)
    base = re.sub(r'^libplan_', '', base)
    layer, _, rest = base.partition('_')
    return f'{layer}/{rest}' if layer in LAYERS else base


def link_map(nm_text):
    defs, uses = {}, collections.defaultdict(set)
    for line in nm_text.splitlines():
        m = re.match(r'^(.*?):(\S+\.o):\s*(?:[0-9a-fA-F]+)?\s+([A-Za-z])\s+(\S+)$', line)
        if not m:
            continue
        obj, kind, sym = object_name(m.group(2)), m.group(3), m.group(4)
        if kind == 'U':
            uses[obj].add(sym)
        elif kind in 'TDBRCV':
            defs[sym] = obj
    edges = collections.defaultdict(dict)
    for obj, syms in uses.items():
        for sym in sorted(syms):
            if sym in defs and defs[sym] != obj:
                edges[obj].setdefault(defs[sym], sym)
    return edges


def check_links(edges):
    problems = []
    for user in sorted(edges):
        for used, sym in sorted(edges[user].items()):
            lu, ld = user.split('/')[0], used.split('/')[0]
            if lu in LAYERS and ld in LAYERS and not may_use(lu, ld):
                problems.append(f'libplan/{user} uses {sym} of libplan/{used} '
                                f'({ld}/ is {"a sibling" if LAYERS[ld] == LAYERS[lu] else "above"} {lu}/)')
    return problems


def cycles(edges):
    """Strongly connected components of more than one file (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    nodes = sorted(set(edges) | {t for v in edges.values() for t in v})
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, {})):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in nodes:
        if v not in index:
            visit(v)
    problems = []
    for comp in out:
        calls = [f'{a} -> {b} ({edges[a][b]})' for a in comp for b in comp if b in edges.get(a, {})]
        problems.append('files call each other: ' + '; '.join(calls))
    return problems


def main(argv):
    expect = None
    if len(argv) == 6 and argv[4] == '--expect':
        with open(argv[5], encoding='utf-8') as f:
            expect = f.read().splitlines()
        argv = argv[:4]
    if len(argv) == 4 and argv[2] == '--nm':
        with open(argv[3], encoding='utf-8') as f:
            nm_text = f.read()
    elif len(argv) == 3:
        nm_text = subprocess.run(['nm', '-A', argv[2]], check=True, capture_output=True,
                                 text=True).stdout
    else:
        print(__doc__, file=sys.stderr)
        return 2
    root = argv[1]
    files, problems = sources(root)
    problems += check_includes(root, files)
    edges = link_map(nm_text)
    if not edges:
        problems.append('the link map is empty: no object of the library read')
    problems += check_links(edges)
    problems += cycles(edges)
    for p in problems:
        print(p)
    nedges = sum(len(v) for v in edges.values())
    print(f'{len(files)} files in {len(LAYERS)} layers, {nedges} links between files: '
          f'{len(problems)} problem{"" if len(problems) == 1 else "s"}')
    if expect is not None:
        ok = problems == expect
        print('the problems expected' if ok else 'not the problems expected:\n' + '\n'.join(expect))
        return 0 if ok else 1
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
