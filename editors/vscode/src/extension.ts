// A thin client: it starts `sqlhound server` and passes the settings on. Everything else
// (diagnostics, quick fixes, hovers, config files) happens in the server. The command
// `sqlhound.checkWorkspace` is the server's; the language client registers it.

import { ExtensionContext, workspace } from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/// The `sqlhound.*` settings the server reads (see `src/lsp/options.rs`).
function serverOptions(): Record<string, unknown> {
  const config = workspace.getConfiguration("sqlhound");
  const options: Record<string, unknown> = {
    extendSelect: config.get<string[]>("extendSelect", []),
    ignore: config.get<string[]>("ignore", []),
    unsafeFixes: config.get<boolean>("unsafeFixes", false),
  };
  for (const key of ["select", "dialect", "config", "databaseUrl"]) {
    const value = config.get(key);
    if (value !== null && value !== undefined) {
      options[key] = value;
    }
  }
  return options;
}

export async function activate(context: ExtensionContext): Promise<void> {
  const command = workspace.getConfiguration("sqlhound").get<string>("path", "sqlhound");
  const server: ServerOptions = { command, args: ["server"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "sql" },
      { scheme: "file", language: "python" },
      { scheme: "untitled", language: "sql" },
      { scheme: "untitled", language: "python" },
      // Jupyter notebooks' cells, synced as one notebook document (LSP 3.17).
      { notebook: "jupyter-notebook", language: "python" },
      { notebook: "jupyter-notebook", language: "sql" },
    ],
    initializationOptions: serverOptions(),
  };
  client = new LanguageClient("sqlhound", "sqlhound", server, clientOptions);
  context.subscriptions.push(
    workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("sqlhound") && client) {
        void client.sendNotification("workspace/didChangeConfiguration", {
          settings: serverOptions(),
        });
      }
    }),
  );
  await client.start();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
