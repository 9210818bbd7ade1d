/**
 * How a generated image was made, shown in its preview: the prompt, the model,
 * the references (where they are now), its lineage (the images of its edit
 * conversation, from the start to this one), with "Edit", "Run again" and
 * "Vary". An image Atelier did not make offers "Edit" alone: a conversation
 * can start from any image.
 */
import { useEffect, useState } from 'react';
import type { Provenance } from '../../../../shared/generation';
import { api, thumbnailUrl } from '../../api/client';
import { fileName } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { useGenerate } from './generateStore';
import './generate.css';

export function ProvenanceDetails({ path, onAction }: { path: string; onAction: () => void }) {
  const [provenance, setProvenance] = useState<Provenance | null>(null);
  useEffect(() => {
    let current = true;
    setProvenance(null);
    api.generate
      .provenance({ path })
      .then((p) => current && setProvenance(p))
      .catch(() => current && setProvenance(null));
    return () => {
      current = false;
    };
  }, [path]);
  const { jobRepeated, jobVaried, editStarted } = useGenerate.getState();
  const edit = (
    <button
      type="button"
      className="button small"
      onClick={() => {
        editStarted(path);
        onAction();
      }}
    >
      <Icon name="sparkles" size={12} /> Edit
    </button>
  );
  if (!provenance) return <div className="button-row">{edit}</div>;
  const references = provenance.references.map((ref) => ({ ...ref, path: ref.currentPath ?? ref.path }));
  return (
    <section className="provenance" aria-label="How this image was made">
      <p className="small-text muted">
        Made with {provenance.params.model} on {new Date(provenance.createdAt).toLocaleString()}
      </p>
      <p className="provenance-prompt">“{provenance.prompt}”</p>
      {provenance.lineage.length > 1 && (
        <ol className="lineage" aria-label="Lineage">
          {provenance.lineage.map((step, i) => {
            const turn = provenance.lineage[0]?.prompt === null ? i : i + 1;
            const label = step.prompt === null ? `Start: ${fileName(step.path)}` : `Turn ${turn}: ${step.prompt}`;
            return (
              <li key={step.contentKey} title={label} aria-current={i === provenance.lineage.length - 1 || undefined}>
                <img src={thumbnailUrl(step.path)} alt={label} />
              </li>
            );
          })}
        </ol>
      )}
      {references.length > 0 && (
        <ul className="job-refs" aria-label="Made from">
          {references.map((ref, i) => (
            <li
              key={ref.contentKey}
              title={`Image ${i + 1}: ${ref.currentPath ?? `${ref.path} (no longer in the library)`}`}
            >
              <img src={thumbnailUrl(ref.path)} alt={`Image ${i + 1}: ${fileName(ref.path)}`} />
            </li>
          ))}
        </ul>
      )}
      <div className="button-row">
        {edit}
        <button
          type="button"
          className="button small"
          onClick={() => {
            void jobRepeated(provenance.jobId);
            onAction();
          }}
        >
          <Icon name="play" size={12} /> Run again
        </button>
        <button
          type="button"
          className="button small"
          onClick={() => {
            jobVaried({ prompt: provenance.prompt, params: provenance.params, references });
            onAction();
          }}
        >
          <Icon name="sparkles" size={12} /> Vary
        </button>
      </div>
    </section>
  );
}
