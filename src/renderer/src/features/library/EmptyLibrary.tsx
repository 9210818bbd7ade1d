/** What a new user sees before any folder is indexed. */
export function EmptyLibrary() {
  return (
    <section className="empty" aria-labelledby="empty-title">
      <h2 id="empty-title">Your library is empty</h2>
      <p>
        Add a folder of images to begin. Atelier indexes it on this computer, then finds any image in it by a
        description or by an example.
      </p>
    </section>
  );
}
