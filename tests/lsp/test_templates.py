"""Template findings in the editor: they come from the views that render a template, found
over the workspace when a template or a view is opened or saved."""

import asyncio
import pathlib
import shutil

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import initialize, server_config
from test_server import actions_for, republished_after_saving, save

FLASK = pathlib.Path(__file__).parents[2] / "testdata" / "templates" / "flask-blog"
DJANGO_JINJA = pathlib.Path(__file__).parents[2] / "testdata" / "templates" / "django-jinja"


@pytest_lsp.fixture(config=server_config())
async def client(lsp_client: LanguageClient):
    yield lsp_client
    await lsp_client.shutdown_session()


async def published_for(client, uri, timeout=10):
    """The last diagnostics published for `uri` (a file the server checks without it being
    one of its documents), waiting for the first."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not any(p.uri == uri for p in client.published):
        assert asyncio.get_running_loop().time() < deadline, f"nothing published for {uri}"
        await asyncio.sleep(0.01)
    return [p for p in client.published if p.uri == uri][-1].diagnostics


async def flask_view_open(client, workspace):
    """The Flask fixture in the workspace, its views open: the session, the views' path
    and URI, and the URI of the template the first view renders."""
    shutil.copytree(FLASK, workspace, dirs_exist_ok=True)
    session = await initialize(client, workspace)
    views = workspace / "blog" / "views.py"
    views_uri = session.open("blog/views.py", views.read_text())
    return session, views, views_uri, (workspace / "blog" / "templates" / "index.html").as_uri()


async def flask_template_open(client, workspace):
    """The Flask fixture in the workspace, its index template open: the session, the
    template's path and URI, and the template's one finding."""
    shutil.copytree(FLASK, workspace, dirs_exist_ok=True)
    session = await initialize(client, workspace)
    template = workspace / "blog" / "templates" / "index.html"
    uri = session.open("blog/templates/index.html", template.read_text(), "jinja-html")
    (finding,) = await published_for(client, uri)
    return session, template, uri, finding


async def test_opening_a_template_shows_what_its_views_read_per_row(client, workspace):
    session, template, uri, finding = await flask_template_open(client, workspace)
    assert finding.code == "SH103"
    # `post.author` of `{{ post.author.name | e }}`: at the access, in the template.
    assert finding.range.start == types.Position(line=3, character=29)
    assert "selectinload" in finding.message or "joinedload" in finding.message


async def test_saving_a_view_that_loads_the_rows_clears_its_templates(client, workspace):
    session, views, views_uri, template_uri = await flask_view_open(client, workspace)
    assert [d.code for d in await published_for(client, template_uri)] == ["SH103"]
    # The view now loads the authors and comments with the posts: nothing per row.
    text = views.read_text().replace(
        "Post.query.order_by(Post.id.desc())",
        "Post.query.options(selectinload(Post.author), selectinload(Post.comments))",
    )
    views.write_text(text)
    latest = await republished_after_saving(client, views_uri, template_uri)
    assert list(latest.diagnostics) == []


async def test_editing_a_view_does_not_walk_the_workspace_per_keystroke(client, workspace):
    session, views, views_uri, template_uri = await flask_view_open(client, workspace)
    await published_for(client, template_uri)
    count = len([p for p in client.published if p.uri == template_uri])
    for i in range(5):
        version = session.change(
            views_uri,
            [types.TextEdit(range=types.Range(start=types.Position(0, 0), end=types.Position(0, 0)), new_text="#\n")],
        )
        await session.diagnostics(views_uri, version)
    assert len([p for p in client.published if p.uri == template_uri]) == count


async def test_a_template_finding_has_suppressions_and_the_rule_doc(client, workspace):
    session, template, uri, finding = await flask_template_open(client, workspace)
    actions = await actions_for(client, uri, finding)
    assert [a.title for a in actions] == [
        "Suppress `n-plus-one` on this line",
        "Suppress `n-plus-one` in this file",
    ]
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=finding.range.start
        )
    )
    assert hover.contents.value.startswith("**SH103 `n-plus-one`**")
    assert hover.range == finding.range


@pytest.mark.parametrize(
    "which, comment",
    [
        ("on this line", "{{ post.author.name | e }}</h2>  {# sqlhound: ignore[n-plus-one] #}\n"),
        ("in this file", "{# sqlhound: ignore-file[n-plus-one] #}\n<h1>"),
    ],
)
async def test_suppressing_a_template_finding_silences_it_once_saved(client, workspace, which, comment):
    session, template, uri, finding = await flask_template_open(client, workspace)
    (suppress,) = [a for a in await actions_for(client, uri, finding) if a.title.endswith(which)]
    session.apply_workspace_edit(uri, suppress.edit)
    assert comment in session.texts[uri]
    template.write_text(session.texts[uri])
    latest = await republished_after_saving(client, uri, uri)
    # Silenced, and the suppression is not reported as unused either.
    assert list(latest.diagnostics) == []


async def test_a_template_edited_since_its_findings_offers_no_stale_actions(client, workspace):
    session, template, uri, finding = await flask_template_open(client, workspace)
    start = types.Position(line=0, character=0)
    session.change(uri, [types.TextEdit(range=types.Range(start=start, end=start), new_text="<hr>\n")])
    # The finding's range is the old text's: nothing is offered until the next pass.
    assert not await actions_for(client, uri, finding)


async def test_an_open_templates_unsaved_text_is_what_its_findings_are_of(client, workspace):
    shutil.copytree(FLASK, workspace, dirs_exist_ok=True)
    session = await initialize(client, workspace)
    template = workspace / "blog" / "templates" / "index.html"
    # Opened with edits not yet saved (an editor restoring its buffers): the author is no
    # longer read per post, though the file on disk still reads it.
    unsaved = template.read_text().replace("by {{ post.author.name | e }}", "")
    uri = session.open("blog/templates/index.html", unsaved, "jinja-html")
    assert list(await published_for(client, uri)) == []


async def test_saving_a_view_reads_its_templates_from_their_buffers(client, workspace):
    session, views, views_uri, template_uri = await flask_view_open(client, workspace)
    template = workspace / "blog" / "templates" / "index.html"
    uri = session.open("blog/templates/index.html", template.read_text(), "jinja-html")
    assert [d.code for d in await published_for(client, uri)] == ["SH103"]
    # The buffer now reads each post's comments first, unsaved; the view is saved.
    line = types.Position(line=4, character=0)
    edit = types.TextEdit(range=types.Range(start=line, end=line), new_text="  {{ post.comments | length }}\n")
    version = session.change(uri, [edit])
    save(client, views_uri)
    # Published for the buffer's version: the pass read its text.
    latest = await session.diagnostics(uri, version)
    findings = sorted((d.range.start.line, d.message.split("`")[1]) for d in latest)
    assert findings == [(3, "post.author"), (4, "post.comments")]
    # Its actions are offered again: the findings are of the text the editor has.
    (finding,) = [d for d in latest if d.range.start.line == 4]
    actions = await actions_for(client, uri, finding)
    assert [a.title for a in actions][0] == "Suppress `n-plus-one` on this line"


async def test_opening_a_jinja2_template_of_a_django_project_shows_its_findings(client, workspace):
    shutil.copytree(DJANGO_JINJA, workspace, dirs_exist_ok=True)
    session = await initialize(client, workspace)
    # In an app's `jinja2/` folder, which Django's Jinja2 backend reads.
    name = "catalog/jinja2/catalog/products.html"
    uri = session.open(name, (workspace / name).read_text(), "jinja-html")
    findings = await published_for(client, uri)
    assert sorted(d.range.start.line for d in findings) == [3, 5, 7, 13]
