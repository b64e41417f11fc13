/**
 * Lesson bodies are Markdown; chat apps (Zalo above all) show plain text. One conversion for every
 * place that shows lesson text: lesson pages and extractive answers.
 */
/** Markdown → plain chat text: no `**`, links as "text (url)", bullets as "•". */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '$1 ($2)')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^\s*[-*+]\s+/gm, '• ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
