import { readFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { compile } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';
import type { BroadcartPlugin } from '@broadcart/plugin-sdk';
import { installedPlugins } from '@broadcart/api';
import poll from 'broadcart-plugin-poll';

/**
 * The widget half of the contract, for every installed plugin: each declared widget is exported
 * by name from the package's `./web` entry and compiles as a Svelte 5 component in runes mode.
 */
const plugins: [string, BroadcartPlugin, string][] = [
  ...installedPlugins.map((installation) => [installation.plugin.manifest.name, installation.plugin, installation.plugin.manifest.name] as [string, BroadcartPlugin, string]),
  [poll.manifest.name, poll, 'broadcart-plugin-poll'],
];

describe.each(plugins)('widgets of %s', (_name, plugin, packageName) => {
  it('exports every declared widget from ./web as a Svelte 5 component', async () => {
    const widgets = plugin.widgets ?? [];
    expect(widgets.length).toBeGreaterThan(0);
    // The installed package folder (its exports do not list package.json).
    const packageJson = realpathSync(path.resolve(import.meta.dirname, '../../node_modules', packageName, 'package.json'));
    const manifest = JSON.parse(await readFile(packageJson, 'utf8')) as { exports: Record<string, string | Record<string, string>> };
    const webExport = manifest.exports['./web'];
    const entry = path.join(path.dirname(packageJson), typeof webExport === 'string' ? webExport : webExport!.default!);
    const source = await readFile(entry, 'utf8');
    for (const widget of widgets) {
      expect(['overlay', 'control-room', 'session-editor', 'campaign-editor']).toContain(widget.slot);
      expect(widget.title.en && widget.title.zh, `${widget.component} has titles in both languages`).toBeTruthy();
      const match = new RegExp(`export \\{ default as ${widget.component} \\} from '(\\./[^']+\\.svelte)'`).exec(source);
      expect(match, `${widget.component} is exported from ${entry}`).not.toBeNull();
      const file = path.join(path.dirname(entry), match![1]!);
      const compiled = compile(await readFile(file, 'utf8'), { filename: file, runes: true, generate: 'client' });
      expect(compiled.warnings.filter((warning) => warning.code.startsWith('a11y')).map((warning) => warning.message), `${file} accessibility`).toEqual([]);
    }
  });
});
