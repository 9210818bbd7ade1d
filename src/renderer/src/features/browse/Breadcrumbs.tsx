/**
 * Where the grid is in the library: Library › folder › subfolder, or Library ›
 * Collection “name”; each step above the last goes back there.
 */
import { fileName } from '../../lib/format';
import { useSearch } from '../search/searchStore';
import { useBrowse } from './browseStore';
import { folderChain } from './folderPath';
import './browse.css';

export function Breadcrumbs() {
  const folder = useSearch((s) => s.filters.folder);
  const collection = useSearch((s) => s.filters.collection);
  const tree = useBrowse((s) => s.tree);
  const folderChosen = useBrowse((s) => s.folderChosen);
  const chain = folder ? folderChain(tree, folder) : [];
  const steps = [
    { path: null, name: 'Library' },
    ...(collection !== null
      ? [{ path: `collection:${collection}`, name: `Collection “${collection}”` }]
      : chain.length > 0
        ? chain
        : folder
          ? [{ path: folder, name: fileName(folder) }]
          : []),
  ];
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        {steps.map((step, i) => (
          <li key={step.path ?? ''}>
            {i < steps.length - 1 ? (
              <button type="button" className="crumb" onClick={() => void folderChosen(step.path)}>
                {step.name}
              </button>
            ) : (
              <span className="crumb current" aria-current="page" title={step.path ?? undefined}>
                {step.name}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
