// Room kept for words that may appear, so that nothing below moves when they do.
//
// `Ghost` is text that takes its place in the layout but is not there for anyone: invisible,
// hidden from assistive technology, and drawn by CSS (::before { content: attr(data-ghost) })
// so it is not in the page's text either. `Swap` shows one of several texts in a cell as tall
// as the tallest of them, so changing which one shows never moves what follows.

export function Ghost({ text, className }: { text: string; className?: string }) {
  return <span aria-hidden="true" className={className ? `ghost-text ${className}` : 'ghost-text'} data-ghost={text} />;
}

export function Swap<K extends string>(props: { show: K; options: Record<K, { text: string; id?: string }>; className?: string }) {
  return (
    <div className="stack-cell">
      {(Object.keys(props.options) as K[]).map((key) =>
        key === props.show ? (
          <p key={key} id={props.options[key].id} className={props.className}>
            {props.options[key].text}
          </p>
        ) : (
          <p key={key} aria-hidden="true" className={props.className ? `${props.className} layer-hidden` : 'layer-hidden'}>
            <Ghost text={props.options[key].text} />
          </p>
        ),
      )}
    </div>
  );
}
