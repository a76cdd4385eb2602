"""A real LSP client (pytest-lsp) driving `sqlhound server` over stdio.

`SQLHOUND_BIN` names the binary under test; `tests/lsp.rs` sets it when cargo runs these.
"""

import asyncio
import os
import pathlib

import pytest
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

SERVER = os.environ.get("SQLHOUND_BIN")
if not SERVER:
    raise RuntimeError("set SQLHOUND_BIN to the sqlhound binary (cargo test does)")


def recording_client() -> LanguageClient:
    """The pytest-lsp client, also keeping every publishDiagnostics in order."""
    client = LanguageClient(converter_factory=default_converter)
    client.published = []
    features = dict(DEFAULT_CLIENT_FEATURES)

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams):
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    client.registrations = []

    def register(client: LanguageClient, params: types.RegistrationParams):
        client.registrations.extend(params.registrations)

    features[types.CLIENT_REGISTER_CAPABILITY] = register
    register_lsp_features(client, features)
    return client


class Session:
    """A client with open documents whose text it keeps, as an editor does."""

    def __init__(self, client: LanguageClient, root: pathlib.Path):
        self.client = client
        self.root = root
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}

    def uri(self, name: str) -> str:
        return (self.root / name).as_uri()

    def open(self, name: str, text: str, language: str | None = None) -> str:
        uri = self.uri(name)
        language = language or ("python" if name.endswith(".py") else "sql")
        self.texts[uri], self.versions[uri] = text, 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id=language, version=1, text=text
                )
            )
        )
        return uri

    def change(self, uri: str, edits: list[types.TextEdit]) -> int:
        """Applies edits locally and sends them as one incremental change."""
        self.versions[uri] += 1
        changes = []
        # Later edits first, so earlier positions stay valid for the server too.
        for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
            self.texts[uri] = apply(self.texts[uri], edit)
            changes.append(
                types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text)
            )
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=uri, version=self.versions[uri]
                ),
                content_changes=changes,
            )
        )
        return self.versions[uri]

    def apply_workspace_edit(self, uri: str, edit: types.WorkspaceEdit) -> int:
        if edit.document_changes:
            (change,) = edit.document_changes
            assert change.text_document.version == self.versions[uri], "edit for a stale version"
            return self.change(uri, list(change.edits))
        return self.change(uri, list(edit.changes[uri]))

    async def diagnostics(self, uri: str, version: int | None = None, timeout: float = 10):
        """Waits for diagnostics of `version` (default: the document's current one)."""
        version = version or self.versions.get(uri)
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for params in reversed(self.client.published):
                if params.uri == uri and (version is None or params.version == version):
                    return list(params.diagnostics)
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"no diagnostics for {uri} version {version}")
            await asyncio.sleep(0.005)

    async def next_published(self, seen: int, timeout: float = 10):
        """Waits for a publishDiagnostics after the first `seen` ones; returns its findings."""
        deadline = asyncio.get_running_loop().time() + timeout
        while len(self.client.published) <= seen:
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError("no new diagnostics published")
            await asyncio.sleep(0.005)
        return list(self.client.published[-1].diagnostics)


def utf16_offset(text: str, position: types.Position) -> int:
    """Index into `text` of an LSP position (0-based line, UTF-16 column)."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for i, char in enumerate(line):
        if units >= position.character:
            return start + i
        units += 2 if ord(char) > 0xFFFF else 1
    return start + len(line)


def apply(text: str, edit: types.TextEdit) -> str:
    start = utf16_offset(text, edit.range.start)
    end = utf16_offset(text, edit.range.end)
    return text[:start] + edit.new_text + text[end:]


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def initialize(client: LanguageClient, root: pathlib.Path, options=None) -> Session:
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="work")],
            initialization_options=options,
        )
    )
    return Session(client, root)


@pytest.fixture
def workspace(tmp_path):
    root = tmp_path / "work"
    root.mkdir()
    return root


def server_config() -> ClientServerConfig:
    return ClientServerConfig(server_command=[SERVER, "server"], client_factory=recording_client)
