"""No circle of imports inside the workstation: counting every import, also those made inside functions (to load a
module late) and those made only for typing. A circle means two parts that cannot be understood or changed apart.
Also: the desk's services know no Textual (they are handed to screens and tested alone)."""

from __future__ import annotations

import grimp


def circles(graph: grimp.ImportGraph, package: str) -> list[list[str]]:
    """The strongly connected groups of more than one module inside ``package`` (Tarjan's algorithm)."""
    modules = sorted(m for m in graph.modules if m == package or m.startswith(package + "."))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:
        nonlocal counter
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if not child.startswith(package + "."):
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))

    for module in modules:
        if module not in index:
            visit(module)
    return found


def test_no_circle_of_imports_inside_the_workstation() -> None:
    graph = grimp.build_graph("ecarnet_tui", include_external_packages=False)
    assert circles(graph, "ecarnet_tui") == []


def test_the_circle_finder_finds_a_circle_made_by_a_function_level_or_typing_import() -> None:
    graph = grimp.ImportGraph()
    for name in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(name)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.a")  # e.g. under TYPE_CHECKING, or inside a function
    graph.add_import(importer="pkg.c", imported="pkg.a")
    assert circles(graph, "pkg") == [["pkg.a", "pkg.b"]]


def test_the_desk_services_know_no_textual() -> None:
    graph = grimp.build_graph("ecarnet_tui", include_external_packages=True)
    services = [m for m in graph.modules if m.startswith("ecarnet_tui.services.")]
    assert services
    offenders = {m: sorted(i for i in graph.find_modules_directly_imported_by(m) if i.split(".")[0] == "textual")
                 for m in services}
    assert {m: found for m, found in offenders.items() if found} == {}
