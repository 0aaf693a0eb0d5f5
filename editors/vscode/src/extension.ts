// The VS Code side of gardefou: it starts `gardefou lsp` (the language server built into the
// gardefou binary) for YAML and JSON files and lets VS Code's language client do the rest.
// Everything gardefou shows (diagnostics, hover, definitions, references, outline, code
// actions, "Open rule docs") comes from the server; this file only finds the executable,
// passes the settings and restarts the server when they change.

import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** The files the server is given: YAML and JSON, saved on disk or not yet saved. */
export const DOCUMENTS = ["yaml", "json", "jsonc"].flatMap((language) => [
  { scheme: "file", language },
  { scheme: "untitled", language },
]);

/**
 * How to start the server: `<gardefou.path> lsp <gardefou.extraArgs…>`, talking over its
 * standard input and output. No `transport` is named: with one, the client would append
 * `--stdio` (which `gardefou lsp` accepts, but older binaries refuse).
 */
export function serverOptions(config: vscode.WorkspaceConfiguration): ServerOptions {
  const command = config.get<string>("path") || "gardefou";
  const args = ["lsp", ...(config.get<string[]>("extraArgs") ?? [])];
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const run = { command, args, options: { cwd: folder } };
  return { run, debug: run };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("gardefou");
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENTS,
    synchronize: {
      // Files changed on disk: the server reloads the ruleset (.gardefou.yaml, .spectral.yaml),
      // re-reads the baseline the ruleset names, and finds OpenAPI roots created or deleted.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{yaml,yml,json}"),
    },
    outputChannelName: "gardefou",
  };
  client = new LanguageClient("gardefou", "gardefou", serverOptions(config), clientOptions);
  try {
    await client.start();
  } catch (e) {
    const path = config.get<string>("path") || "gardefou";
    void vscode.window.showErrorMessage(
      `gardefou: could not start \`${path} lsp\` (${e}). Install gardefou or set "gardefou.path".`,
    );
  }
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  const old = client;
  client = undefined;
  if (old) {
    await old.stop().catch(() => undefined);
  }
  await start(context);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("gardefou.restartServer", () => restart(context)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("gardefou.path") || e.affectsConfiguration("gardefou.extraArgs")) {
        void restart(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
