#!/usr/bin/env python3
"""Writes the symbol ordering file for lld from a callgrind profile and the release link's map.

    order.py CALLGRIND_OUT BINARY_NAME LINK_MAP > hot-code.order

lld places a whole input section where its first listed symbol goes, and most packages are
compiled with one `.text` per source file: so the list names each section that ran once, by
the cost of what ran in it, and only by a name defined once; a local name that several
objects share (`objectdestroyTm`) would pull all of their sections forward.
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
    """The symbols of each input section of the output .text. In lld's map the name's column
    tells an output section (49), an input section (57) and a symbol."""
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
            current = [] if in_text else None
            if current is not None:
                sections.append(current)
        elif current is not None:
            current.append(name)
    return sections


def main(callgrind_out, binary, link_map):
    cost = self_costs(callgrind_out, binary)
    sections = text_sections(link_map)
    definitions = collections.Counter(name for symbols in sections for name in symbols)
    ranked = []
    for symbols in sections:
        ran = [(cost[name], name) for name in symbols if cost[name] > 0]
        named = [(c, name) for c, name in ran if definitions[name] == 1]
        if named:
            ranked.append((sum(c for c, _ in ran), max(named)[1]))
    for _, name in sorted(ranked, reverse=True):
        print(name)


if __name__ == '__main__':
    main(*sys.argv[1:4])
