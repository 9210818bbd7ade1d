/** The example image a search runs with, and how to drop it. */
import { Icon } from '../../ui/Icon';
import { type Example, useSearch } from './searchStore';
import './search.css';

export function ExampleChip({ example }: { example: Example }) {
  const exampleCleared = useSearch((s) => s.exampleCleared);
  return (
    <span className="example-chip" title={`Searching by ${example.name}`}>
      <img src={example.previewUrl} alt="" />
      <span className="example-name">{example.name}</span>
      <button
        type="button"
        className="chip-close"
        aria-label={`Stop searching by ${example.name}`}
        onClick={() => void exampleCleared()}
      >
        <Icon name="close" size={12} />
      </button>
    </span>
  );
}
