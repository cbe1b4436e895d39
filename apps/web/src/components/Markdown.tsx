import ReactMarkdown from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';

/**
 * Renders course Markdown safely: react-markdown never renders raw HTML (no rehype-raw) and
 * rehype-sanitize strips dangerous URLs and attributes. GitHub-flavoured extras (tables, task
 * lists, strikethrough, autolinks) come from remark-gfm. Links open in a new tab.
 */
export function Markdown({ source }: { source: string }) {
  return (
    <div className="xl-markdown" data-testid="markdown">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[rehypeSanitize]}
        components={{
          a: ({ href, children }) => (
            <a href={href} target="_blank" rel="noopener noreferrer">
              {children}
            </a>
          ),
        }}
      >
        {source}
      </ReactMarkdown>
    </div>
  );
}
