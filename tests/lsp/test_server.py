"""End-to-end tests of `sqlhound server` with a real LSP client."""

import asyncio
import os

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import initialize, server_config, utf16_len

INJECTION = '''import sqlite3

conn = sqlite3.connect("app.db")


def find(user_id):
    label = "😀 naïve"; return conn.execute(f"SELECT name FROM users WHERE id = {user_id}").fetchone()
'''


@pytest_lsp.fixture(config=server_config())
async def client(lsp_client: LanguageClient):
    yield lsp_client
    await lsp_client.shutdown_session()


async def actions_for(client, uri, finding):
    """The code actions offered for one finding."""
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=finding.range,
            context=types.CodeActionContext(diagnostics=[finding]),
        )
    )


async def fix_all_actions(client, uri, kind):
    """The code actions of `kind` (a fix-all kind) for the whole document."""
    start = types.Position(line=0, character=0)
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=start, end=start),
            context=types.CodeActionContext(diagnostics=[], only=[kind]),
        )
    )


def codes(diagnostics):
    return sorted(d.code for d in diagnostics)


async def test_injection_is_reported_at_its_utf16_range(client, workspace):
    session = await initialize(client, workspace)
    uri = session.open("app.py", INJECTION)
    (finding,) = await session.diagnostics(uri)
    line = INJECTION.splitlines()[6]
    start = utf16_len(line[: line.index("{user_id}") + 1])
    assert finding.range == types.Range(
        start=types.Position(line=6, character=start),
        end=types.Position(line=6, character=start + len("user_id")),
    )
    assert finding.code == "SH001"
    assert finding.source == "sqlhound"
    assert finding.severity == types.DiagnosticSeverity.Error
    assert finding.code_description.href.endswith("rules/SH001-sql-injection.md")
    assert "help: write a `?` placeholder" in finding.message
    (related,) = finding.related_information
    assert related.message == "query executed here"
    assert finding.data["fix"]["applicability"] == "unsafe"


async def test_fix_code_action_parameterizes_and_clears_the_finding(client, workspace):
    session = await initialize(client, workspace)
    uri = session.open("app.py", INJECTION)
    (finding,) = await session.diagnostics(uri)
    actions = await actions_for(client, uri, finding)
    titles = [a.title for a in actions]
    assert titles == [
        "pass `user_id` as query parameters (unsafe fix: review the change)",
        "Suppress `sql-injection` on this line",
        "Suppress `sql-injection` in this file",
    ]
    fix = actions[0]
    assert fix.kind == types.CodeActionKind.QuickFix
    assert not fix.is_preferred
    version = session.apply_workspace_edit(uri, fix.edit)
    assert 'conn.execute("SELECT name FROM users WHERE id = ?", (user_id,))' in session.texts[uri]
    assert await session.diagnostics(uri, version) == []


@pytest.mark.parametrize("which", ["on this line", "in this file"])
async def test_suppress_actions_silence_the_finding(client, workspace, which):
    session = await initialize(client, workspace)
    uri = session.open("app.py", INJECTION)
    (finding,) = await session.diagnostics(uri)
    actions = await actions_for(client, uri, finding)
    (suppress,) = [a for a in actions if a.title.endswith(which)]
    version = session.apply_workspace_edit(uri, suppress.edit)
    assert "sqlhound: ignore" in session.texts[uri]
    # Silenced, and the suppression is not reported as unused either.
    assert await session.diagnostics(uri, version) == []


async def test_fix_all_applies_unsafe_fixes_when_the_user_allows_them(client, workspace):
    session = await initialize(client, workspace, options={"unsafeFixes": True})
    uri = session.open("app.py", INJECTION)
    await session.diagnostics(uri)
    (fix_all,) = await fix_all_actions(client, uri, types.CodeActionKind.SourceFixAll)
    assert fix_all.kind == "source.fixAll.sqlhound"
    version = session.apply_workspace_edit(uri, fix_all.edit)
    assert await session.diagnostics(uri, version) == []


async def test_fix_all_offers_nothing_unsafe_by_default(client, workspace):
    session = await initialize(client, workspace)
    uri = session.open("app.py", INJECTION)
    await session.diagnostics(uri)
    assert not await fix_all_actions(client, uri, "source.fixAll.sqlhound")


async def test_hover_on_a_finding_shows_the_rule_doc(client, workspace):
    session = await initialize(client, workspace)
    uri = session.open("q.sql", "-- é\nSELECT * FROM users;\n")
    (finding,) = await session.diagnostics(uri)
    assert finding.code == "SH201"
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=1, character=7),
        )
    )
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert hover.contents.value.startswith("**SH201 `select-star`**")
    assert "## " in hover.contents.value
    assert hover.range == finding.range
    nothing = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=1, character=16),
        )
    )
    assert nothing is None


async def test_rapid_edits_publish_only_the_latest_versions_findings(client, workspace):
    session = await initialize(client, workspace)
    uri = session.open("q.sql", "SELECT id FROM t;\n")
    assert await session.diagnostics(uri) == []
    start_index = len(client.published)
    # Each version adds a statement: version v has v-1 `SELECT *` lines.
    texts = {}
    for _ in range(40):
        end = types.Position(line=session.texts[uri].count("\n"), character=0)
        version = session.change(
            uri, [types.TextEdit(range=types.Range(start=end, end=end), new_text="SELECT * FROM t;\n")]
        )
        texts[version] = session.texts[uri]
    final = await session.diagnostics(uri, version)
    assert len(final) == 40
    later = [p for p in client.published[start_index:] if p.uri == uri]
    for params in later:
        # Whatever was published matches the text of the version it claims.
        assert len(params.diagnostics) == texts[params.version].count("SELECT *")
    # Debounced: far fewer checks than edits.
    assert len(later) < 10, [p.version for p in later]
    assert later[-1].version == version


async def test_closing_a_document_clears_its_findings(client, workspace):
    session = await initialize(client, workspace)
    uri = session.open("q.sql", "DELETE FROM t;\n")
    assert codes(await session.diagnostics(uri)) == ["SH203"]
    count = len(client.published)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert await session.next_published(count) == []
    assert client.published[-1].uri == uri


async def test_config_file_is_honoured_and_reloaded_when_it_changes(client, workspace):
    config = workspace / "sqlhound.toml"
    config.write_text('ignore = ["select-star"]\n')
    session = await initialize(client, workspace)
    uri = session.open("q.sql", "SELECT * FROM t;\n")
    assert await session.diagnostics(uri) == []
    count = len(client.published)
    (watcher,) = client.registrations
    assert watcher.method == "workspace/didChangeWatchedFiles"
    config.write_text("ignore = []\n")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    assert codes(await session.next_published(count)) == ["SH201"]


async def test_broken_config_is_shown_once_and_defaults_are_used(client, workspace):
    (workspace / "sqlhound.toml").write_text('selct = ["x"]\n')
    session = await initialize(client, workspace)
    uri = session.open("q.sql", "SELECT * FROM t;\n")
    assert codes(await session.diagnostics(uri)) == ["SH201"]
    session.change(uri, [types.TextEdit(range=types.Range(start=types.Position(1, 0), end=types.Position(1, 0)), new_text="-- x\n")])
    await session.diagnostics(uri)
    (shown,) = client.messages
    assert shown.type == types.MessageType.Error
    assert "selct" in shown.message and "sqlhound.toml" in shown.message


async def test_client_settings_override_config(client, workspace):
    session = await initialize(client, workspace, options={"sqlhound": {"ignore": ["select-star"]}})
    uri = session.open("q.sql", "SELECT * FROM t;\nDELETE FROM t;\n")
    assert codes(await session.diagnostics(uri)) == ["SH203"]
    count = len(client.published)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"sqlhound": {"select": ["select-star"]}})
    )
    assert codes(await session.next_published(count)) == ["SH201"]


async def test_workspace_check_publishes_files_not_open(client, workspace):
    (workspace / "a.sql").write_text("DELETE FROM t;\n")
    (workspace / "b.py").write_text(INJECTION)
    (workspace / "clean.sql").write_text("SELECT id FROM t WHERE id = 1;\n")
    session = await initialize(client, workspace)
    open_uri = session.open("a.sql", "SELECT id FROM t;\n")
    await session.diagnostics(open_uri)
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="sqlhound.checkWorkspace")
    )
    assert result == {"files": 3, "filesWithFindings": 2, "findings": 2}
    assert codes(client.diagnostics[session.uri("b.py")]) == ["SH001"]
    # The open document keeps the findings of its live text (none), not the file's.
    assert list(client.diagnostics[open_uri]) == []


async def test_syntax_errors_and_bad_requests_do_not_stop_the_server(client, workspace):
    session = await initialize(client, workspace)
    broken = session.open("broken.py", "import sqlite3\ndef f(:\n    sqlite3.connect('x').execute(f'DELETE FROM {t}')\n")
    assert "SH906" in codes(await session.diagnostics(broken))
    with pytest.raises(Exception, match="does not handle"):
        await client.protocol.send_request_async("sqlhound/unknown", {})
    nowhere = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=session.uri("never-opened.sql")),
            position=types.Position(line=0, character=0),
        )
    )
    assert nowhere is None
    # Still serving.
    uri = session.open("q.sql", "DELETE FROM t;\n")
    assert codes(await session.diagnostics(uri)) == ["SH203"]


async def test_unsaved_buffers_are_checked_by_language(client, workspace):
    session = await initialize(client, workspace)
    uri = "untitled:Untitled-1"
    session.texts[uri], session.versions[uri] = "UPDATE t SET a = 1;\n", 1
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="sql", version=1, text=session.texts[uri])
        )
    )
    assert codes(await session.diagnostics(uri)) == ["SH202"]


async def test_workspace_check_can_be_cancelled(client, workspace):
    # Big enough that the check is still running when the cancellation arrives.
    statement = "SELECT a, b FROM t JOIN u ON t.id = u.t_id WHERE t.x = 1 AND u.y > 2;\n"
    for i in range(150):
        (workspace / f"q{i}.sql").write_text(statement * 800 + "DELETE FROM t;\n")
    session = await initialize(client, workspace)
    future = client.protocol.send_request(
        "workspace/executeCommand",
        types.ExecuteCommandParams(command="sqlhound.checkWorkspace"),
        msg_id="check-1",
    )
    client.protocol.notify("$/cancelRequest", types.CancelParams(id="check-1"))
    with pytest.raises(Exception, match="cancelled"):
        await asyncio.wait_for(asyncio.wrap_future(future), 30)
    # A second check, started after the cancelled one and as long, answers after the
    # cancelled one has finished: by its answer, only its own findings were published.
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="sqlhound.checkWorkspace")
    )
    assert result == {"files": 150, "filesWithFindings": 150, "findings": 150}
    published = [p.uri for p in client.published if p.uri.startswith(workspace.as_uri() + "/q")]
    assert sorted(published) == sorted(session.uri(f"q{i}.sql") for i in range(150))
    uri = session.open("still.sql", "DELETE FROM t;\n")
    assert codes(await session.diagnostics(uri)) == ["SH203"]


async def test_models_of_other_files_are_learnt_and_relearnt_on_save(client, workspace):
    models = workspace / "models.py"
    models.write_text(
        "from django.db import models\n\n\nclass Author(models.Model):\n    name = models.TextField()\n\n\n"
        "class Book(models.Model):\n    author = models.ForeignKey(Author, on_delete=models.CASCADE)\n"
    )
    session = await initialize(client, workspace)
    views = "def show():\n    for b in Book.objects.filter(x=1):\n        print(b.author.name, b.editor.name)\n"
    uri = session.open("views.py", views)
    (finding,) = await session.diagnostics(uri)
    assert finding.code == "SH103"
    assert finding.range.start == types.Position(line=2, character=14)
    assert 'select_related(\\"author\\")' in finding.message or 'select_related("author")' in finding.message
    # The editor saves a new relation into models.py: open documents are checked again.
    text = models.read_text() + "    editor = models.ForeignKey(Author, on_delete=models.CASCADE, related_name='+')\n"
    models.write_text(text)
    models_uri = session.open("models.py", text)
    latest = await republished_after_saving(client, models_uri, uri)
    assert sorted(d.range.start.character for d in latest.diagnostics) == [14, 29]


async def test_wrappers_in_other_modules_are_followed_and_relearnt_on_save(client, workspace):
    db = workspace / "db.py"
    db.write_text("import sqlite3\n\n\ndef query_db(sql):\n    return sqlite3.connect('a.db').execute(sql).fetchmany(10)\n")
    session = await initialize(client, workspace)
    views = "from db import query_db\n\n\ndef find(name):\n    return query_db(f\"SELECT id FROM t WHERE name = '{name}'\")\n"
    uri = session.open("views.py", views)
    (finding,) = await session.diagnostics(uri)
    assert finding.code == "SH001"
    assert finding.range.start == types.Position(line=4, character=54)
    # query_db now binds the name as a parameter: saving db.py clears the finding.
    text = "import sqlite3\n\n\ndef query_db(name):\n    return sqlite3.connect('a.db').execute('SELECT id FROM t WHERE name = ?', (name,)).fetchmany(10)\n"
    db.write_text(text)
    db_uri = session.open("db.py", text)
    latest = await republished_after_saving(client, db_uri, uri)
    assert list(latest.diagnostics) == []


DATABASE = os.environ.get("SQLHOUND_TEST_DATABASE_URL")


def save(client, uri):
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


async def republished_after_saving(client, saved, watched):
    """Saves `saved` and returns what the server publishes next for `watched`, another
    open document that the save may change."""
    count = len(client.published)
    save(client, saved)
    for _ in range(500):
        if any(p.uri == watched for p in client.published[count:]):
            break
        await asyncio.sleep(0.01)
    return [p for p in client.published[count:] if p.uri == watched][-1]


async def problem_shown_after_save(session):
    """Opens a document with a static finding, saves it, and returns the one message the
    server shows (the database's problem); the static finding stays."""
    client = session.client
    uri = session.open("q.sql", "DELETE FROM t;\n")
    assert codes(await session.diagnostics(uri)) == ["SH203"]
    save(client, uri)
    for _ in range(500):
        if client.messages:
            break
        await asyncio.sleep(0.01)
    (shown,) = client.messages
    assert codes(client.diagnostics[uri]) == ["SH203"]
    return shown


async def test_saving_plans_the_document_on_the_database(client, workspace):
    assert DATABASE, "set SQLHOUND_TEST_DATABASE_URL (tests/integrations.rs does)"
    session = await initialize(client, workspace, options={"sqlhound": {"databaseUrl": DATABASE}})
    uri = session.open("q.sql", "SELECT id FROM big WHERE k = 5;\n")
    assert await session.diagnostics(uri) == []
    # Typing does not plan; saving does, and the plan's finding points at the table.
    count = len(client.published)
    save(client, uri)
    (finding,) = await session.next_published(count)
    assert finding.code == "SH108"
    assert finding.range == types.Range(start=types.Position(0, 15), end=types.Position(0, 18))
    assert "CREATE INDEX ON big (k)" in finding.message
    # An edit drops the plan's findings until the next save.
    version = session.change(uri, [types.TextEdit(range=types.Range(start=types.Position(1, 0), end=types.Position(1, 0)), new_text="-- edited\n")])
    assert await session.diagnostics(uri, version) == []
    count = len(client.published)
    save(client, uri)
    assert codes(await session.next_published(count)) == ["SH108"]


async def test_a_database_that_is_down_is_shown_once_and_static_findings_stay(client, workspace):
    nowhere = f"host={workspace / 'no-server'} dbname=shop password=hunter2"
    session = await initialize(client, workspace, options={"databaseUrl": nowhere})
    shown = await problem_shown_after_save(session)
    assert "cannot use the database" in shown.message and "connection refused" in shown.message
    assert "hunter2" not in shown.message


SOCKET_DIR = os.environ.get("SQLHOUND_TEST_SOCKET_DIR")
# The role `secret` of tests/integrations.rs's database; nothing else prints `Zq7`.
SECRET = "Zq7/?#@:%+= '\"kw"


def secret_url(password: str) -> str:
    quoted = password.replace("\\", "\\\\").replace("'", "\\'")
    return f"host={SOCKET_DIR} user=secret dbname=lsp password='{quoted}'"


def everything_said(client) -> str:
    """Every text the server sent the editor: diagnostics, shown and logged messages."""
    said = [m.message for m in client.messages] + [m.message for m in client.log_messages]
    for params in client.published:
        said.extend(d.message for d in params.diagnostics)
    return "\n".join(said)


async def test_the_password_never_reaches_the_editor(client, workspace):
    assert SOCKET_DIR, "set SQLHOUND_TEST_SOCKET_DIR (tests/integrations.rs does)"
    session = await initialize(client, workspace, options={"databaseUrl": secret_url(SECRET)})
    uri = session.open("q.sql", "SELECT id FROM no_such_table;\n")
    assert await session.diagnostics(uri) == []
    count = len(client.published)
    save(client, uri)
    (finding,) = await session.next_published(count)
    assert finding.code == "SH209"
    assert "in the database secret@" in finding.message
    assert "Zq7" not in everything_said(client)


async def test_a_wrong_password_is_shown_without_it(client, workspace):
    session = await initialize(client, workspace, options={"databaseUrl": secret_url(SECRET + "X")})
    shown = await problem_shown_after_save(session)
    assert "password authentication failed" in shown.message
    assert "Zq7" not in everything_said(client)


async def test_a_silent_database_never_blocks_typing_and_is_shown_once(client, workspace):
    # A server that accepts connections and never answers.
    accepted, closed = [], []

    async def silent(reader, writer):
        accepted.append(writer)
        await reader.read(-1)
        closed.append(writer)

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    url = f"postgresql://app:Zq7pw@127.0.0.1:{port}/shop?sslmode=disable&connect_timeout=1"
    session = await initialize(client, workspace, options={"databaseUrl": url})
    uri = session.open("q.sql", "DELETE FROM t;\n")
    assert codes(await session.diagnostics(uri)) == ["SH203"]
    save(client, uri)
    save(client, uri)
    # While the saves wait on the database, an edit is checked at once.
    started = asyncio.get_running_loop().time()
    version = session.change(uri, [types.TextEdit(range=types.Range(start=types.Position(0, 0), end=types.Position(0, 0)), new_text="UPDATE t SET a = 1;\n")])
    assert codes(await session.diagnostics(uri, version)) == ["SH202", "SH203"]
    assert asyncio.get_running_loop().time() - started < 0.9
    # Both saves have given up once the server has seen both connections closed; an edit
    # checked after that is published after their results were handled.
    deadline = asyncio.get_running_loop().time() + 10
    while len(accepted) < 2 or len(closed) < len(accepted):
        assert asyncio.get_running_loop().time() < deadline, "the saves never gave up"
        await asyncio.sleep(0.01)
    version = session.change(uri, [types.TextEdit(range=types.Range(start=types.Position(0, 0), end=types.Position(0, 0)), new_text="-- edited\n")])
    assert codes(await session.diagnostics(uri, version)) == ["SH202", "SH203"]
    (shown,) = client.messages
    assert "cannot use the database app@127.0.0.1" in shown.message
    assert "did not answer within 1 s" in shown.message
    assert "Zq7" not in everything_said(client)
    server.close()
