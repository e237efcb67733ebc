#!/usr/bin/env python3
"""Writes the symbol ordering file for lld from a callgrind profile and the release link's map.

    order.py CALLGRIND_OUT BINARY_NAME LINK_MAP > hot-code.order

lld places a whole input section where its first listed symbol goes. The server's own
modules and the Swift runtime have a section per function, but most packages are compiled
with one `.text` per source file, hot and cold functions together. So sections come first
when what runs fills most of them, hottest first, and the files' sections after, those that
run the larger share of their code first: the code requests run ends up in as few pages as
the sections allow. One symbol names each section, and only a name defined once: a local
name that several objects share (`objectdestroyTm`) would pull all of their sections forward.
"""
import collections
import re
import sys


def self_costs(path, binary):
    """Instructions per function of the binary, not counting the functions it calls: the one
    cost line after each calls= line is the callee's inclusive cost."""
    names, objects, cost = {}, {}, collections.Counter()

    def resolve(table, text):
        match = re.match(r'\((\d+)\)(?: (.*))?', text)
        if not match:
            return text
        if match.group(2) is not None:
            table[match.group(1)] = match.group(2)
        return table[match.group(1)]

    current_object = function = None
    in_binary = skip_next = False
    for line in open(path, errors='replace'):
        line = line.rstrip('\n')
        if line.startswith('ob='):
            current_object = resolve(objects, line[3:])
        elif line.startswith('cob='):
            resolve(objects, line[4:])
        elif line.startswith('fn='):
            function = resolve(names, line[3:])
            in_binary = current_object is not None and current_object.endswith('/' + binary)
        elif line.startswith('cfn='):
            resolve(names, line[4:])
        elif line.startswith('calls='):
            skip_next = True
        elif line[:1].isdigit() or line[:1] in '+-*':
            if skip_next:
                skip_next = False
            elif in_binary:
                fields = line.split()
                if len(fields) >= 2:
                    cost[function] += int(fields[1])
    return cost


def text_sections(path):
    """The input sections of the output .text, each as [size, [(symbol, size), ...]]. In lld's
    map the name's column tells an output section (49), an input section (57) and a symbol."""
    sections, current, in_text = [], None, False
    for line in open(path, errors='replace'):
        fields = line.split(maxsplit=4)
        if len(fields) < 5:
            continue
        name = fields[4].strip()
        column = line.find(name)
        if column <= 49:
            in_text = name == '.text'
            current = None
        elif column <= 57:
            current = [int(fields[2], 16), []] if in_text else None
            if current:
                sections.append(current)
        elif current is not None:
            current[1].append((name, int(fields[2], 16)))
    return sections


def main(callgrind_out, binary, link_map):
    cost = self_costs(callgrind_out, binary)
    sections = text_sections(link_map)
    definitions = collections.Counter(name for _, symbols in sections for name, _ in symbols)
    dense, sparse = [], []
    for size, symbols in sections:
        ran = [(cost[name], name, symbol_size) for name, symbol_size in symbols if cost[name] > 0]
        named = [(c, name) for c, name, _ in ran if definitions[name] == 1]
        if not named or size == 0:
            continue
        share = sum(symbol_size for _, _, symbol_size in ran) / size
        entry = (sum(c for c, _, _ in ran), share, max(named)[1])
        (dense if share >= 0.5 else sparse).append(entry)
    dense.sort(key=lambda entry: -entry[0])
    sparse.sort(key=lambda entry: -entry[1])
    for _, _, name in dense + sparse:
        print(name)


if __name__ == '__main__':
    main(*sys.argv[1:4])
