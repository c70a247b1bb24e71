/**
 * The VS Code theme as canvas colours. A canvas cannot use CSS variables, so they are resolved
 * once here (and again when VS Code switches theme, which changes the body's class).
 */

export type ThemeKind = 'light' | 'dark' | 'high-contrast';

export interface Theme {
  kind: ThemeKind;
  background: string;
  foreground: string;
  muted: string;
  border: string;
  /** Names column and header background: a shade off the editor background. */
  panel: string;
  selection: string;
  cursor: string;
  searchMatch: string;
  insertion: string;
  bar: string;
  residueFont: string;
  labelFont: string;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}

export function themeKind(body: HTMLElement): ThemeKind {
  if (body.classList.contains('vscode-high-contrast') || body.classList.contains('vscode-high-contrast-light')) return 'high-contrast';
  return body.classList.contains('vscode-light') ? 'light' : 'dark';
}

export function readTheme(body: HTMLElement = document.body): Theme {
  const style = getComputedStyle(body);
  const kind = themeKind(body);
  const light = kind === 'light';
  const editorFont = cssVar(style, '--vscode-editor-font-family', 'ui-monospace, Menlo, Consolas, monospace');
  return {
    kind,
    background: cssVar(style, '--vscode-editor-background', light ? '#ffffff' : '#1e1e1e'),
    foreground: cssVar(style, '--vscode-editor-foreground', cssVar(style, '--vscode-foreground', light ? '#333333' : '#cccccc')),
    muted: cssVar(style, '--vscode-descriptionForeground', '#888888'),
    border: cssVar(style, '--vscode-panel-border', light ? '#e5e5e5' : '#2b2b2b'),
    panel: cssVar(style, '--vscode-sideBar-background', cssVar(style, '--vscode-editorGroupHeader-tabsBackground', light ? '#f3f3f3' : '#181818')),
    selection: cssVar(style, '--vscode-editor-selectionBackground', light ? 'rgba(0, 120, 215, 0.3)' : 'rgba(38, 79, 120, 0.8)'),
    cursor: cssVar(style, '--vscode-focusBorder', '#0078d4'),
    searchMatch: cssVar(style, '--vscode-editor-findMatchHighlightBackground', 'rgba(234, 92, 0, 0.33)'),
    insertion: cssVar(style, '--vscode-charts-orange', '#d18616'),
    bar: cssVar(style, '--vscode-charts-blue', light ? '#1a85ff' : '#3794ff'),
    residueFont: editorFont,
    labelFont: editorFont,
  };
}
