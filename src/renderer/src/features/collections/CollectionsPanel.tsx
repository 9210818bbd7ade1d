/** The sidebar's collections: the list (drop results on one to add them), and a field to make a new one. */
import { useEffect, useState } from 'react';
import { CollectionRow } from './CollectionRow';
import { useCollections } from './collectionsStore';
import './collections.css';

export function CollectionsPanel() {
  const list = useCollections((s) => s.list);
  const error = useCollections((s) => s.error);
  const { collectionsWanted, collectionCreated } = useCollections.getState();
  const [draft, setDraft] = useState('');

  useEffect(() => {
    void collectionsWanted();
  }, [collectionsWanted]);

  return (
    <section className="collections" aria-labelledby="collections-title">
      <h2 id="collections-title" className="panel-title">
        Collections
      </h2>
      {list.length > 0 ? (
        <ul className="collection-list" aria-label="Collections">
          {list.map((c) => (
            <CollectionRow key={c.name} collection={c} />
          ))}
        </ul>
      ) : (
        <p className="muted small-text">Group images into boards: make one, then drag results onto it.</p>
      )}
      <form
        className="collection-new"
        onSubmit={(e) => {
          e.preventDefault();
          if (!draft.trim()) return;
          void collectionCreated(draft).then((ok) => ok && setDraft(''));
        }}
      >
        <input
          className="input"
          aria-label="New collection"
          placeholder="New collection…"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
      </form>
      {error && (
        <p className="error small-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
