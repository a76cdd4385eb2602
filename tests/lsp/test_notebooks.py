"""Notebook documents (LSP 3.17 notebook sync) with a real LSP client: the cells of a
Jupyter notebook are checked as one module and findings are published on each cell."""

import asyncio

import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from conftest import initialize, server_config

CONNECT = 'import sqlite3\nconn = sqlite3.connect("shop.db")\nuser = input()\n'
QUERY = 'conn.execute(f"SELECT id FROM users WHERE name = \'{user}\'")\n'


@pytest_lsp.fixture(config=server_config())
async def client(lsp_client: LanguageClient):
    yield lsp_client
    await lsp_client.shutdown_session()


def cell_uri(notebook: str, n: int) -> str:
    return f"vscode-notebook-cell:{notebook.removeprefix('file:')}#W{n}sZmlsZQ%3D%3D"


def cell(uri: str, kind=types.NotebookCellKind.Code) -> types.NotebookCell:
    return types.NotebookCell(kind=kind, document=uri)


def item(uri: str, text: str, language="python") -> types.TextDocumentItem:
    return types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)


async def published(client, uri, test, timeout=10):
    """Waits until the last diagnostics published for `uri` pass `test`; returns them."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        last = [p for p in client.published if p.uri == uri]
        if last and test(list(last[-1].diagnostics)):
            return list(last[-1].diagnostics)
        if asyncio.get_running_loop().time() > deadline:
            seen = [list(p.diagnostics) for p in last]
            raise AssertionError(f"no matching diagnostics for {uri}: {seen}")
        await asyncio.sleep(0.005)


def codes(diagnostics):
    return sorted(d.code for d in diagnostics)


async def open_notebook(client, workspace):
    session = await initialize(client, workspace)
    notebook = (workspace / "analysis.ipynb").as_uri()
    cells = [cell_uri(notebook, n) for n in range(3)]
    client.notebook_document_did_open(
        types.DidOpenNotebookDocumentParams(
            notebook_document=types.NotebookDocument(
                uri=notebook,
                notebook_type="jupyter-notebook",
                version=1,
                cells=[
                    cell(cells[0]),
                    cell(cells[1], types.NotebookCellKind.Markup),
                    cell(cells[2]),
                ],
            ),
            cell_text_documents=[
                item(cells[0], "!pip install ipython-sql\n" + CONNECT),
                item(cells[1], "# The users", "markdown"),
                item(cells[2], QUERY),
            ],
        )
    )
    return session, notebook, cells


async def test_the_server_asks_for_jupyter_notebooks(client, workspace):
    result = await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="work")],
        )
    )
    sync = result.capabilities.notebook_document_sync
    (selector,) = sync.notebook_selector
    assert selector.notebook == "jupyter-notebook"
    assert "python" in [c.language for c in selector.cells]


async def test_a_connection_from_an_earlier_cell_is_known_in_a_later_one(client, workspace):
    _, _, cells = await open_notebook(client, workspace)
    (finding,) = await published(client, cells[2], lambda d: len(d) == 1)
    assert finding.code == "SH001"
    # In the cell's own coordinates: line 0, at `user` inside the braces.
    start = QUERY.index("{user}") + 1
    assert finding.range == types.Range(
        start=types.Position(line=0, character=start),
        end=types.Position(line=0, character=start + len("user")),
    )
    # The first cell, magics and all, has nothing to report.
    assert await published(client, cells[0], lambda d: d == []) == []


async def test_editing_a_cell_rechecks_the_notebook(client, workspace):
    _, notebook, cells = await open_notebook(client, workspace)
    await published(client, cells[2], lambda d: len(d) == 1)
    fixed = 'conn.execute("SELECT id FROM users WHERE name = ?", (user,))\n'
    end = types.Position(line=1, character=0)
    client.notebook_document_did_change(
        types.DidChangeNotebookDocumentParams(
            notebook_document=types.VersionedNotebookDocumentIdentifier(version=2, uri=notebook),
            change=types.NotebookDocumentChangeEvent(
                cells=types.NotebookDocumentCellChanges(
                    text_content=[
                        types.NotebookDocumentCellContentChanges(
                            document=types.VersionedTextDocumentIdentifier(uri=cells[2], version=2),
                            changes=[
                                types.TextDocumentContentChangePartial(
                                    range=types.Range(start=types.Position(line=0, character=0), end=end),
                                    text=fixed,
                                )
                            ],
                        )
                    ]
                )
            ),
        )
    )
    assert await published(client, cells[2], lambda d: d == []) == []


async def test_an_added_sql_cell_is_checked_and_a_removed_cell_is_cleared(client, workspace):
    _, notebook, cells = await open_notebook(client, workspace)
    await published(client, cells[2], lambda d: len(d) == 1)
    added = cell_uri(notebook, 3)
    sql = "%%sql\nSELECT * FROM orders WHERE note = {user}\n"
    client.notebook_document_did_change(
        types.DidChangeNotebookDocumentParams(
            notebook_document=types.VersionedNotebookDocumentIdentifier(version=2, uri=notebook),
            change=types.NotebookDocumentChangeEvent(
                cells=types.NotebookDocumentCellChanges(
                    structure=types.NotebookDocumentCellChangeStructure(
                        # Cell 2 (the query) out, the `%%sql` cell in.
                        array=types.NotebookCellArrayChange(start=2, delete_count=1, cells=[cell(added)]),
                        did_open=[item(added, sql, "sql")],
                        did_close=[types.TextDocumentIdentifier(uri=cells[2])],
                    )
                )
            ),
        )
    )
    found = await published(client, added, lambda d: len(d) == 2)
    assert codes(found) == ["SH001", "SH201"]
    injection = next(d for d in found if d.code == "SH001")
    assert injection.range.start == types.Position(line=1, character=sql.splitlines()[1].index("{") + 1)
    assert await published(client, cells[2], lambda d: d == []) == []


async def test_closing_a_notebook_clears_its_cells(client, workspace):
    _, notebook, cells = await open_notebook(client, workspace)
    await published(client, cells[2], lambda d: len(d) == 1)
    client.notebook_document_did_close(
        types.DidCloseNotebookDocumentParams(
            notebook_document=types.NotebookDocumentIdentifier(uri=notebook),
            cell_text_documents=[types.TextDocumentIdentifier(uri=u) for u in cells],
        )
    )
    assert await published(client, cells[2], lambda d: d == []) == []


async def test_code_actions_and_hover_work_in_a_cell(client, workspace):
    _, _, cells = await open_notebook(client, workspace)
    (finding,) = await published(client, cells[2], lambda d: len(d) == 1)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=cells[2]),
            range=finding.range,
            context=types.CodeActionContext(diagnostics=[finding]),
        )
    )
    titles = [a.title for a in actions]
    assert "Suppress `sql-injection` on this line" in titles, titles
    fix = next(a for a in actions if a.title.startswith("pass `user`"))
    # The edit is the cell's, in the cell's coordinates, for the cell's version.
    changes = fix.edit.document_changes or []
    edits = [e for change in changes for e in change.edits] if changes else fix.edit.changes[cells[2]]
    if changes:
        assert [c.text_document.uri for c in changes] == [cells[2]]
        assert changes[0].text_document.version == 1
    assert all(e.range.start.line == 0 for e in edits)
    assert any("?" in e.new_text for e in edits)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=cells[2]),
            position=finding.range.start,
        )
    )
    assert "SH001" in hover.contents.value
