/**
 * Versioned schema migrations, applied in order inside one transaction each;
 * the schema version lives in SQLite's `user_version`. Never edit a released
 * migration: add the next one.
 */
import { CJK_CLASS, cjkGramsSql } from './cjkGrams';

const TEXT_COLUMNS = ['name', 'folders', 'ocr', 'prompt', 'tags', 'note'];

/** Whether a file_texts row (`new`, `old` or the table's own columns) holds any Chinese, Japanese or Korean. */
const holdsCjk = (row?: string) =>
  `(${TEXT_COLUMNS.map((c) => (row ? `${row}.${c}` : c)).join(" || ' ' || ")}) GLOB '*${CJK_CLASS}*'`;
export const migrations: readonly string[] = [
  // 1: the library
  `
  CREATE TABLE roots (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    added_at INTEGER NOT NULL,
    watch INTEGER NOT NULL DEFAULT 0
  );

  -- A file on disk. Its content key (size + hash of its bytes) ties it to its
  -- vectors, so a renamed file keeps them.
  CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
    path TEXT NOT NULL UNIQUE,
    content_key TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ms INTEGER NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    format TEXT NOT NULL,
    indexed_at INTEGER NOT NULL
  );
  CREATE INDEX files_content_key ON files(content_key);
  CREATE INDEX files_root ON files(root_id);

  -- Vectors by content and model: never mixed across models.
  CREATE TABLE embeddings (
    content_key TEXT NOT NULL,
    model_id TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (content_key, model_id)
  ) WITHOUT ROWID;
  CREATE INDEX embeddings_model ON embeddings(model_id);

  -- Files the indexer could not use, with the reason shown to the user.
  CREATE TABLE skipped (
    path TEXT PRIMARY KEY,
    root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ms INTEGER NOT NULL,
    at INTEGER NOT NULL
  );

  -- Long operations, so an interrupted one is known and can resume.
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued','running','succeeded','failed','cancelled','interrupted')),
    payload TEXT NOT NULL,
    progress TEXT,
    error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX jobs_state ON jobs(state);
  `,
  // 2: a change log of files, written by triggers in the same transaction as the change, so a
  // vector store (the embedded index, Milvus) can follow the catalog incrementally and catch up
  // after a crash or an outage: nothing is lost between the catalog and a store.
  `
  CREATE TABLE file_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    file_id INTEGER NOT NULL,
    path TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('upsert', 'delete'))
  );
  CREATE TRIGGER files_logged_insert AFTER INSERT ON files BEGIN
    INSERT INTO file_changes (file_id, path, op) VALUES (new.id, new.path, 'upsert');
  END;
  CREATE TRIGGER files_logged_update AFTER UPDATE ON files BEGIN
    INSERT INTO file_changes (file_id, path, op) SELECT old.id, old.path, 'delete' WHERE old.path <> new.path;
    INSERT INTO file_changes (file_id, path, op) VALUES (new.id, new.path, 'upsert');
  END;
  CREATE TRIGGER files_logged_delete AFTER DELETE ON files BEGIN
    INSERT INTO file_changes (file_id, path, op) VALUES (old.id, old.path, 'delete');
  END;

  -- How far each vector store has applied the change log, per model.
  CREATE TABLE store_cursors (
    store TEXT NOT NULL,
    model_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (store, model_id)
  ) WITHOUT ROWID;
  `,
  // 3: image generation. A job keeps its whole request (the references were copied into the data
  // folder when it was queued), so a crash, a closed laptop or a lost network loses none; each saved
  // output keeps its provenance under its content key, so a renamed output keeps it too.
  `
  CREATE TABLE generation_jobs (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('queued','running','retrying','succeeded','failed','cancelled')),
    request TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    message TEXT,
    next_attempt_at INTEGER,
    response_text TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX generation_jobs_state ON generation_jobs(state);

  CREATE TABLE generation_outputs (
    id INTEGER PRIMARY KEY,
    content_key TEXT NOT NULL,
    job_id TEXT NOT NULL REFERENCES generation_jobs(id) ON DELETE CASCADE,
    slot INTEGER NOT NULL,
    path TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    response_text TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX generation_outputs_job ON generation_outputs(job_id);
  CREATE INDEX generation_outputs_content ON generation_outputs(content_key);
  `,
  // 4: a skipped file also keeps its ctime, which a chmod or a restored copy changes even where
  // size and mtime stay: such a file is looked at again. Entries from before have none, so each
  // is looked at once more.
  `
  ALTER TABLE skipped ADD COLUMN ctime_ms INTEGER;
  `,
  // 5: many processes, one data folder. Indexing a folder is claimed through a lease, so two
  // processes (the app, `atelier serve`, CLI commands) never embed the same files at once; a lease
  // covers the folders inside its folder too. The holder's pid and host and a heartbeat tell whether
  // it still works. A job records the process that runs it, so opening the catalog marks as
  // interrupted only the jobs whose process is gone, not those another live process is running.
  `
  CREATE TABLE index_leases (
    folder TEXT PRIMARY KEY,
    job_id TEXT NOT NULL,
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    heartbeat_at INTEGER NOT NULL,
    taken_at INTEGER NOT NULL
  );
  CREATE INDEX index_leases_job ON index_leases(job_id);
  ALTER TABLE jobs ADD COLUMN pid INTEGER;
  ALTER TABLE jobs ADD COLUMN host TEXT;
  `,
  // 6: which process is bringing a vector store up to date, so two processes sharing the data folder
  // never interleave their writes to one store (one could otherwise write an entry it read before the
  // other wrote a newer one). A claim names its process and expires, so a crash holds nobody up for long.
  `
  CREATE TABLE store_sync_claims (
    store TEXT NOT NULL,
    model_id TEXT NOT NULL,
    owner TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (store, model_id)
  ) WITHOUT ROWID;
  `,
  // 7: what a person attaches to an image: tags, a rating, a note, collections. They belong to the
  // file row, which a rename, a move (recognised by content) and an edit in place all keep, so they
  // follow the file; deleting the file drops them. A tag is stored once with its display form and
  // compared by its folded form; a file's tag records where it came from (the user, the file's own
  // metadata, an auto-tag), so each kind can be removed on its own.
  `
  CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    folded TEXT NOT NULL UNIQUE
  );
  CREATE TABLE file_tags (
    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    source TEXT NOT NULL CHECK (source IN ('user', 'file', 'auto')),
    added_at INTEGER NOT NULL,
    PRIMARY KEY (file_id, tag_id, source)
  ) WITHOUT ROWID;
  CREATE INDEX file_tags_tag ON file_tags(tag_id);

  CREATE TABLE file_marks (
    file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
    rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
    note TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX file_marks_rating ON file_marks(rating);

  CREATE TABLE collections (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    folded TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE collection_items (
    collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (collection_id, file_id)
  ) WITHOUT ROWID;
  CREATE INDEX collection_items_file ON collection_items(file_id);
  `,
  // 8: browsing the library in pages. A file keeps the time it entered the library (a changed or
  // moved file keeps it; files from before take the time they were last indexed), and its name and
  // folder, which the catalog writes beside its path (here derived from it, by either separator: the
  // catalog may come from Windows). Each sort has an index that also holds the path, so a page of
  // one folder is read from the index alone, in order; the folder tree counts from one index.
  // The change log's update trigger now fires only for what a vector store keeps, so filling the
  // new columns (here, and on every later write) sends nothing to the stores again.
  `
  DROP TRIGGER files_logged_update;
  CREATE TRIGGER files_logged_update
  AFTER UPDATE OF root_id, path, content_key, size, mtime_ms, width, height, format ON files BEGIN
    INSERT INTO file_changes (file_id, path, op) SELECT old.id, old.path, 'delete' WHERE old.path <> new.path;
    INSERT INTO file_changes (file_id, path, op) VALUES (new.id, new.path, 'upsert');
  END;
  ALTER TABLE files ADD COLUMN added_at INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE files ADD COLUMN name TEXT NOT NULL DEFAULT '';
  ALTER TABLE files ADD COLUMN dir TEXT NOT NULL DEFAULT '';
  UPDATE files SET added_at = indexed_at,
    name = substr(substr(path, length(rtrim(path, replace(path, '/', ''))) + 1),
      length(rtrim(substr(path, length(rtrim(path, replace(path, '/', ''))) + 1), replace(substr(path, length(rtrim(path, replace(path, '/', ''))) + 1), '\\', ''))) + 1);
  UPDATE files SET dir = substr(path, 1, length(path) - length(name) - 1);
  CREATE INDEX files_by_added ON files(added_at, path);
  CREATE INDEX files_by_modified ON files(mtime_ms, path);
  CREATE INDEX files_by_size ON files(size, path);
  CREATE INDEX files_by_name ON files(name COLLATE NOCASE, path);
  CREATE INDEX files_by_dir ON files(dir);
  `,
  // 9: the text read in images. One row per content key (a renamed or copied file keeps it), written
  // by the OCR pass: every line joined by newlines ('' when the image holds no text), the lines with
  // their boxes and confidences as JSON, the OCR model that read them (another model re-reads
  // lazily), and why reading failed (the image is still indexed visually).
  `
  CREATE TABLE image_texts (
    content_key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    content TEXT NOT NULL,
    lines TEXT NOT NULL,
    error TEXT,
    read_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // 10: the words around and inside images, searchable. One row per file (a file's name, the folders
  // below its library folder, the text read in its content, the prompt that made it, its tags and its
  // note), derived by a view and kept in step by triggers on every table it reads, so no writer has
  // to remember it. Two FTS5 indexes read that row: unicode61 without diacritics for words, trigram
  // for Chinese, Japanese and Korean (written without spaces) and substrings. A stored prompt is
  // only read when its request is valid JSON, so a damaged job row cannot break a write.
  `
  CREATE VIEW file_text_sources AS
  SELECT f.id AS file_id,
    f.name AS name,
    replace(replace(CASE WHEN length(f.dir) > length(r.path) THEN substr(f.dir, length(r.path) + 2) ELSE '' END,
      '/', ' '), '\\', ' ') AS folders,
    coalesce((SELECT it.content FROM image_texts it WHERE it.content_key = f.content_key), '') AS ocr,
    coalesce((SELECT group_concat(json_extract(j.request, '$.prompt'), ' ')
      FROM generation_outputs o JOIN generation_jobs j ON j.id = o.job_id
      WHERE o.content_key = f.content_key AND json_valid(j.request)), '') AS prompt,
    coalesce((SELECT group_concat(DISTINCT t.name) FROM file_tags ft JOIN tags t ON t.id = ft.tag_id
      WHERE ft.file_id = f.id), '') AS tags,
    coalesce((SELECT m.note FROM file_marks m WHERE m.file_id = f.id), '') AS note
  FROM files f JOIN roots r ON r.id = f.root_id;

  CREATE TABLE file_texts (
    file_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    folders TEXT NOT NULL,
    ocr TEXT NOT NULL,
    prompt TEXT NOT NULL,
    tags TEXT NOT NULL,
    note TEXT NOT NULL
  );
  CREATE VIRTUAL TABLE text_words USING fts5(name, folders, ocr, prompt, tags, note,
    content='file_texts', content_rowid='file_id', tokenize='unicode61 remove_diacritics 2');
  CREATE VIRTUAL TABLE text_grams USING fts5(name, folders, ocr, prompt, tags, note,
    content='file_texts', content_rowid='file_id', tokenize='trigram');

  CREATE TRIGGER file_texts_indexed AFTER INSERT ON file_texts BEGIN
    INSERT INTO text_words (rowid, name, folders, ocr, prompt, tags, note)
      VALUES (new.file_id, new.name, new.folders, new.ocr, new.prompt, new.tags, new.note);
    INSERT INTO text_grams (rowid, name, folders, ocr, prompt, tags, note)
      VALUES (new.file_id, new.name, new.folders, new.ocr, new.prompt, new.tags, new.note);
  END;
  CREATE TRIGGER file_texts_unindexed AFTER DELETE ON file_texts BEGIN
    INSERT INTO text_words (text_words, rowid, name, folders, ocr, prompt, tags, note)
      VALUES ('delete', old.file_id, old.name, old.folders, old.ocr, old.prompt, old.tags, old.note);
    INSERT INTO text_grams (text_grams, rowid, name, folders, ocr, prompt, tags, note)
      VALUES ('delete', old.file_id, old.name, old.folders, old.ocr, old.prompt, old.tags, old.note);
  END;

  CREATE TRIGGER files_text_insert AFTER INSERT ON files BEGIN
    DELETE FROM file_texts WHERE file_id IN (SELECT new.id);
    INSERT INTO file_texts SELECT * FROM file_text_sources WHERE file_id IN (SELECT new.id);
  END;
  CREATE TRIGGER files_text_update AFTER UPDATE OF root_id, path, name, dir, content_key ON files BEGIN
    DELETE FROM file_texts WHERE file_id IN (SELECT new.id);
    INSERT INTO file_texts SELECT * FROM file_text_sources WHERE file_id IN (SELECT new.id);
  END;
  CREATE TRIGGER files_text_delete AFTER DELETE ON files BEGIN
    DELETE FROM file_texts WHERE file_id = old.id;
  END;
  CREATE TRIGGER image_texts_text_insert AFTER INSERT ON image_texts BEGIN
    DELETE FROM file_texts WHERE file_id IN (SELECT id FROM files WHERE content_key = new.content_key);
    INSERT INTO file_texts SELECT * FROM file_text_sources WHERE file_id IN (SELECT id FROM files WHERE content_key = new.content_key);
  END;
  CREATE TRIGGER image_texts_text_update AFTER UPDATE ON image_texts BEGIN
    DELETE FROM file_texts WHERE file_id IN (SELECT id FROM files WHERE content_key = old.content_key);
    INSERT INTO file_texts SELECT * FROM file_text_sources WHERE file_id IN (SELECT id FROM files WHERE content_key = old.content_key);
    DELETE FROM file_texts WHERE file_id IN (SELECT id FROM files WHERE content_key = new.content_key);
    INSERT INTO file_texts SELECT * FROM file_text_sources WHERE file_id IN (SELECT id FROM files WHERE content_key = new.content_key);
  END;
  CREATE TRIGGER image_texts_text_delete AFTER DELETE ON image_texts BEGIN
    DELETE FROM file_texts WHERE file_id IN (SELECT id FROM files WHERE content_key = old.content_key);
    INSERT INTO file_texts SELECT * FROM file_text_sources WHERE file_id IN (SELECT id FROM files WHERE content_key = old.content_key);
  END;
  CREATE TRIGGER generation_outputs_text_insert AFTER INSERT ON generation_outputs BEGIN
    DELETE FROM file_texts WHERE file_id IN (SELECT id FROM files WHERE content_key = new.content_key);
    INSERT INTO file_texts SELECT * FROM file_text_sources WHERE file_id IN (SELECT id FROM files WHERE content_key = new.content_key);
  END;
  CREATE TRIGGER generation_outputs_text_update AFTER UPDATE OF content_key, job_id ON generation_outputs BEGIN
    DELETE FROM file_texts WHERE file_id IN (SELECT id FROM files WHERE content_key = old.content_key);
    INSERT INTO file_texts SELECT * FROM file_text_sources WHERE file_id IN (SELECT id FROM files WHERE content_key = old.content_key);
    DELETE FROM file_texts WHERE file_id IN (SELECT id FROM files WHERE content_key = new.content_key);
    INSERT INTO file_texts SELECT * FROM file_text_sources WHERE file_id IN (SELECT id FROM files WHERE content_key = new.content_key);
  END;
  CREATE TRIGGER generation_outputs_text_delete AFTER DELETE ON generation_outputs BEGIN
    DELETE FROM file_texts WHERE file_id IN (SELECT id FROM files WHERE content_key = old.content_key);
    INSERT INTO file_texts SELECT * FROM file_text_sources WHERE file_id IN (SELECT id FROM files WHERE content_key = old.content_key);
  END;
  CREATE TRIGGER generation_jobs_text_update AFTER UPDATE OF request ON generation_jobs BEGIN
    DELETE FROM file_texts WHERE file_id IN (SELECT f.id FROM files f JOIN generation_outputs o ON o.content_key = f.content_key WHERE o.job_id = new.id);
    INSERT INTO file_texts SELECT * FROM file_text_sources WHERE file_id IN (SELECT f.id FROM files f JOIN generation_outputs o ON o.content_key = f.content_key WHERE o.job_id = new.id);
  END;
  CREATE TRIGGER file_tags_text_insert AFTER INSERT ON file_tags BEGIN
    DELETE FROM file_texts WHERE file_id IN (SELECT new.file_id);
    INSERT INTO file_texts SELECT * FROM file_text_sources WHERE file_id IN (SELECT new.file_id);
  END;
  CREATE TRIGGER file_tags_text_delete AFTER DELETE ON file_tags BEGIN
    DELETE FROM file_texts WHERE file_id IN (SELECT old.file_id);
    INSERT INTO file_texts SELECT * FROM file_text_sources WHERE file_id IN (SELECT old.file_id);
  END;
  CREATE TRIGGER tags_text_update AFTER UPDATE OF name ON tags BEGIN
    DELETE FROM file_texts WHERE file_id IN (SELECT file_id FROM file_tags WHERE tag_id = new.id);
    INSERT INTO file_texts SELECT * FROM file_text_sources WHERE file_id IN (SELECT file_id FROM file_tags WHERE tag_id = new.id);
  END;
  CREATE TRIGGER file_marks_text_insert AFTER INSERT ON file_marks BEGIN
    DELETE FROM file_texts WHERE file_id IN (SELECT new.file_id);
    INSERT INTO file_texts SELECT * FROM file_text_sources WHERE file_id IN (SELECT new.file_id);
  END;
  CREATE TRIGGER file_marks_text_update AFTER UPDATE OF note ON file_marks BEGIN
    DELETE FROM file_texts WHERE file_id IN (SELECT new.file_id);
    INSERT INTO file_texts SELECT * FROM file_text_sources WHERE file_id IN (SELECT new.file_id);
  END;
  CREATE TRIGGER file_marks_text_delete AFTER DELETE ON file_marks BEGIN
    DELETE FROM file_texts WHERE file_id IN (SELECT old.file_id);
    INSERT INTO file_texts SELECT * FROM file_text_sources WHERE file_id IN (SELECT old.file_id);
  END;

  INSERT INTO file_texts SELECT * FROM file_text_sources;
  `,
  // 11: each content's palette: its main colours with their shares as JSON ('[]' when the image
  // could not be read, with why), the same as float32 (L, a, b, share) quadruples for search to read
  // without parsing, and the version of the way it was made (an older one is made again).
  `
  CREATE TABLE image_palettes (
    content_key TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    colors TEXT NOT NULL,
    lab BLOB NOT NULL,
    error TEXT,
    made_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // 12: which model searches use, kept in the catalog so every process sharing the data folder sees
  // a switch the moment it commits. `pending` is a model the library is being re-indexed into by the
  // job `job_id`; `active` changes to it in the same transaction that clears it, never before its
  // vectors cover the library. `paused`: the user stopped the re-index; nothing resumes it unasked.
  `
  CREATE TABLE model_choice (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    active TEXT,
    pending TEXT,
    job_id TEXT,
    paused INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
  );
  `,
  // 13: metadata read from the image files themselves. A rating or note says whether the user set it
  // or it came from the file, so a re-read of a changed file replaces only what came from the file.
  // `file_metadata_reads` records which bytes were read (a file is read again when its content
  // changes) and why a part was skipped (a malformed XMP packet, say).
  `
  ALTER TABLE file_marks ADD COLUMN rating_source TEXT NOT NULL DEFAULT 'user';
  ALTER TABLE file_marks ADD COLUMN note_source TEXT NOT NULL DEFAULT 'user';
  CREATE TABLE file_metadata_reads (
    file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
    content_key TEXT NOT NULL,
    problem TEXT,
    read_at INTEGER NOT NULL
  );
  `,
  // 14: vectors in a table with row ids. Without them, each row (a 2 KB vector of a 512-d model) is
  // kept in the primary key's own tree, where a page holds one row and the keys are spread over a
  // page per vector: the table took twice the vector's size, and checking whether a content has a
  // vector read a page of vectors. Now the key has its own compact index, which the indexer's
  // checks read alone.
  `
  CREATE TABLE embeddings_by_row (
    content_key TEXT NOT NULL,
    model_id TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (content_key, model_id)
  );
  INSERT INTO embeddings_by_row (content_key, model_id, dim, vector, created_at)
    SELECT content_key, model_id, dim, vector, created_at FROM embeddings;
  DROP TABLE embeddings;
  ALTER TABLE embeddings_by_row RENAME TO embeddings;
  CREATE INDEX embeddings_model ON embeddings(model_id);
  `,
  // 15: Chinese, Japanese and Korean terms of one or two characters, too short for the trigram
  // index, looked up in an index of their own: each such character and each pair of neighbours is
  // a word there (cjkGrams.ts). Written by triggers on file_texts like the other two, only for rows
  // holding such text; contentless, since search reads the text itself from file_texts.
  `
  CREATE VIRTUAL TABLE text_cjk USING fts5(${TEXT_COLUMNS.join(', ')},
    content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');
  CREATE TRIGGER file_texts_cjk_indexed AFTER INSERT ON file_texts
  WHEN (${TEXT_COLUMNS.map((c) => `new.${c}`).join(" || ' ' || ")}) GLOB '*${CJK_CLASS}*' BEGIN
    INSERT INTO text_cjk (rowid, ${TEXT_COLUMNS.join(', ')})
      VALUES (new.file_id, ${TEXT_COLUMNS.map((c) => cjkGramsSql(`new.${c}`)).join(', ')});
  END;
  CREATE TRIGGER file_texts_cjk_unindexed AFTER DELETE ON file_texts BEGIN
    DELETE FROM text_cjk WHERE rowid = old.file_id;
  END;
  INSERT INTO text_cjk (rowid, ${TEXT_COLUMNS.join(', ')})
    SELECT file_id, ${TEXT_COLUMNS.map(cjkGramsSql).join(', ')} FROM file_texts
    WHERE (${TEXT_COLUMNS.join(" || ' ' || ")}) GLOB '*${CJK_CLASS}*';
  `,
  // 16: edit conversations and batches. A turn is one image the model answered with: its parent is
  // the turn it continued (null for a first turn), so a conversation is a tree and trying again from
  // an earlier turn branches it. `model_parts` is the model's content as received (thought
  // signatures included), its image bytes kept as files in the data folder by content key.
  // `generation_batches` holds the Batch API job a generation was submitted as, so polling survives
  // a restart.
  `
  CREATE TABLE conversation_turns (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    parent_id TEXT REFERENCES conversation_turns(id),
    turn INTEGER NOT NULL,
    job_id TEXT NOT NULL REFERENCES generation_jobs(id) ON DELETE CASCADE,
    slot INTEGER NOT NULL,
    content_key TEXT NOT NULL,
    model_parts TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX conversation_turns_content ON conversation_turns(content_key);
  CREATE INDEX conversation_turns_conversation ON conversation_turns(conversation_id);
  CREATE TABLE generation_batches (
    job_id TEXT PRIMARY KEY REFERENCES generation_jobs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    state TEXT NOT NULL,
    input_file TEXT,
    submitted_at INTEGER NOT NULL,
    checked_at INTEGER
  );
  `,
  // 17: auto-tags: a tag the user defines by a description (and example images, as JSON paths) and a
  // cosine threshold. The tags it puts on files are file_tags rows with source 'auto', so the user's
  // own tags stay apart and win. `model_id` and `run_at` say which model's vectors its last run
  // scored and when: a run under another model, or files added since, make it stale.
  `
  CREATE TABLE autotags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    folded TEXT NOT NULL UNIQUE,
    prompt TEXT NOT NULL,
    examples TEXT NOT NULL DEFAULT '[]',
    threshold REAL NOT NULL,
    model_id TEXT,
    run_at INTEGER,
    created_at INTEGER NOT NULL
  );
  `,
  // 18: a vector store may keep each image's text beside its vector (Milvus's `text` field), so a
  // change to the text read in an image is logged as a change of every file holding that content.
  // Only when the text differs: reading an image that holds none sends nothing to the stores. The
  // OCR pass writes with INSERT OR REPLACE, so the text before is read before the insert.
  `
  CREATE TRIGGER image_texts_logged_insert BEFORE INSERT ON image_texts
  WHEN new.content IS NOT coalesce((SELECT content FROM image_texts WHERE content_key = new.content_key), '') BEGIN
    INSERT INTO file_changes (file_id, path, op) SELECT id, path, 'upsert' FROM files WHERE content_key = new.content_key;
  END;
  CREATE TRIGGER image_texts_logged_update AFTER UPDATE OF content_key, content ON image_texts
  WHEN old.content IS NOT new.content OR old.content_key IS NOT new.content_key BEGIN
    INSERT INTO file_changes (file_id, path, op)
      SELECT id, path, 'upsert' FROM files WHERE content_key IN (old.content_key, new.content_key);
  END;
  CREATE TRIGGER image_texts_logged_delete AFTER DELETE ON image_texts WHEN old.content <> '' BEGIN
    INSERT INTO file_changes (file_id, path, op) SELECT id, path, 'upsert' FROM files WHERE content_key = old.content_key;
  END;
  `,
  // 19: library-wide passes (palettes, text and metadata reading, unused vectors) marked done at
  // the file change log's head: after an index that changed nothing, they are skipped instead of
  // each scanning every file for what is missing (passMarks.ts).
  `
  CREATE TABLE pass_marks (
    pass TEXT PRIMARY KEY,
    seq INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // 20: how many files each directory holds directly, kept by triggers, so the browse view's folder
  // tree and a page's total read a row per directory instead of counting a million files. The
  // index of files by directory it replaces cost a path's worth of bytes per file.
  `
  CREATE TABLE folder_counts (
    dir TEXT PRIMARY KEY,
    count INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO folder_counts (dir, count) SELECT dir, count(*) FROM files GROUP BY dir;
  CREATE TRIGGER files_counted_insert AFTER INSERT ON files BEGIN
    INSERT INTO folder_counts (dir, count) VALUES (new.dir, 1) ON CONFLICT(dir) DO UPDATE SET count = count + 1;
  END;
  CREATE TRIGGER files_counted_delete AFTER DELETE ON files BEGIN
    UPDATE folder_counts SET count = count - 1 WHERE dir = old.dir;
    DELETE FROM folder_counts WHERE dir = old.dir AND count <= 0;
  END;
  CREATE TRIGGER files_counted_move AFTER UPDATE OF dir ON files WHEN old.dir <> new.dir BEGIN
    UPDATE folder_counts SET count = count - 1 WHERE dir = old.dir;
    DELETE FROM folder_counts WHERE dir = old.dir AND count <= 0;
    INSERT INTO folder_counts (dir, count) VALUES (new.dir, 1) ON CONFLICT(dir) DO UPDATE SET count = count + 1;
  END;
  DROP INDEX files_by_dir;
  `,
  // 21: videos. A video file's content has its duration and the frames kept from it, each with its
  // time and its own key, under which the frame's vectors are stored like an image's; the video's own
  // vector is the mean of its frames'. A vector store holds each frame as `<video path>#t=<seconds>`,
  // so these triggers log the frames' paths beside the video's: a video moved, changed or deleted
  // moves, replaces or deletes its frames in every store.
  `
  CREATE TABLE videos (
    content_key TEXT PRIMARY KEY,
    duration_ms INTEGER NOT NULL,
    note TEXT,
    made_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE video_frames (
    video_key TEXT NOT NULL,
    time_ms INTEGER NOT NULL,
    frame_key TEXT NOT NULL,
    PRIMARY KEY (video_key, time_ms)
  ) WITHOUT ROWID;
  CREATE INDEX video_frames_by_key ON video_frames(frame_key);
  CREATE TRIGGER files_frames_insert AFTER INSERT ON files BEGIN
    INSERT INTO file_changes (file_id, path, op)
      SELECT new.id, printf('%s#t=%.3f', new.path, vf.time_ms / 1000.0), 'upsert' FROM video_frames vf WHERE vf.video_key = new.content_key;
  END;
  CREATE TRIGGER files_frames_update
  AFTER UPDATE OF root_id, path, content_key, size, mtime_ms, width, height, format ON files BEGIN
    INSERT INTO file_changes (file_id, path, op)
      SELECT old.id, printf('%s#t=%.3f', old.path, vf.time_ms / 1000.0), 'delete' FROM video_frames vf
      WHERE vf.video_key = old.content_key AND (old.path <> new.path OR old.content_key <> new.content_key);
    INSERT INTO file_changes (file_id, path, op)
      SELECT new.id, printf('%s#t=%.3f', new.path, vf.time_ms / 1000.0), 'upsert' FROM video_frames vf WHERE vf.video_key = new.content_key;
  END;
  CREATE TRIGGER files_frames_delete AFTER DELETE ON files BEGIN
    INSERT INTO file_changes (file_id, path, op)
      SELECT old.id, printf('%s#t=%.3f', old.path, vf.time_ms / 1000.0), 'delete' FROM video_frames vf WHERE vf.video_key = old.content_key;
  END;
  CREATE TRIGGER video_frames_logged_insert AFTER INSERT ON video_frames BEGIN
    INSERT INTO file_changes (file_id, path, op)
      SELECT f.id, printf('%s#t=%.3f', f.path, new.time_ms / 1000.0), 'upsert' FROM files f WHERE f.content_key = new.video_key;
  END;
  CREATE TRIGGER video_frames_logged_delete AFTER DELETE ON video_frames BEGIN
    INSERT INTO file_changes (file_id, path, op)
      SELECT f.id, printf('%s#t=%.3f', f.path, old.time_ms / 1000.0), 'delete' FROM files f WHERE f.content_key = old.video_key;
  END;
  `,
  // 22: stacks. A stack is named by its cover's file id: every member (the cover too) has a row,
  // so a member is hidden when its cover is another file. Rows hang on file ids, which follow a file
  // through renames, moves and edits in place, as tags do. A member that leaves the library takes
  // its row with it: a cover gone hands the stack to the member with the most pixels, and a stack
  // left with one image is no stack.
  `
  CREATE TABLE stack_members (
    file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
    cover_id INTEGER NOT NULL,
    added_at INTEGER NOT NULL
  );
  CREATE INDEX stack_members_cover ON stack_members(cover_id);
  CREATE TRIGGER stack_member_gone AFTER DELETE ON stack_members BEGIN
    UPDATE stack_members SET cover_id = (
      SELECT s.file_id FROM stack_members s JOIN files f ON f.id = s.file_id
      WHERE s.cover_id = old.file_id ORDER BY f.width * f.height DESC, f.size DESC, f.path LIMIT 1
    ) WHERE old.file_id = old.cover_id AND cover_id = old.file_id;
    DELETE FROM stack_members WHERE cover_id IN (
      SELECT cover_id FROM stack_members GROUP BY cover_id HAVING count(*) < 2
    );
  END;
  `,
  // 23: near-duplicate pairs. Each content's neighbours at or above the lowest similarity the
  // review offers are found once, when it is first asked about (near_scans marks it done), and kept
  // as pairs, so a new image costs only its own neighbours and grouping at any threshold above that
  // floor is a union-find over stored pairs. Pairs are a function of two vectors and never go stale.
  `
  CREATE TABLE near_scans (
    model_id TEXT NOT NULL,
    content_key TEXT NOT NULL,
    PRIMARY KEY (model_id, content_key)
  ) WITHOUT ROWID;
  CREATE TABLE near_pairs (
    model_id TEXT NOT NULL,
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    similarity REAL NOT NULL,
    PRIMARY KEY (model_id, a, b)
  ) WITHOUT ROWID;
  CREATE INDEX near_pairs_by_b ON near_pairs(model_id, b);
  `,
  // 24: a vector store may keep each file's tags beside its vector (Milvus's `tags` field), so a tag
  // put on or taken off a file, or a tag renamed (its case), is logged as a change of that file and of
  // its video's frames. A tag a file already has from another source (user, file, auto) changes
  // nothing a store keeps, and is not logged; a tag leaving with its deleted file logs nothing either.
  `
  CREATE TRIGGER file_tags_logged_insert AFTER INSERT ON file_tags
  WHEN NOT EXISTS (SELECT 1 FROM file_tags o WHERE o.file_id = new.file_id AND o.tag_id = new.tag_id AND o.source <> new.source) BEGIN
    INSERT INTO file_changes (file_id, path, op)
      SELECT f.id, f.path, 'upsert' FROM files f WHERE f.id = new.file_id
      UNION ALL
      SELECT f.id, printf('%s#t=%.3f', f.path, vf.time_ms / 1000.0), 'upsert' FROM files f
      JOIN video_frames vf ON vf.video_key = f.content_key WHERE f.id = new.file_id;
  END;
  CREATE TRIGGER file_tags_logged_delete AFTER DELETE ON file_tags
  WHEN NOT EXISTS (SELECT 1 FROM file_tags o WHERE o.file_id = old.file_id AND o.tag_id = old.tag_id) BEGIN
    INSERT INTO file_changes (file_id, path, op)
      SELECT f.id, f.path, 'upsert' FROM files f WHERE f.id = old.file_id
      UNION ALL
      SELECT f.id, printf('%s#t=%.3f', f.path, vf.time_ms / 1000.0), 'upsert' FROM files f
      JOIN video_frames vf ON vf.video_key = f.content_key WHERE f.id = old.file_id;
  END;
  CREATE TRIGGER tags_logged_rename AFTER UPDATE OF name ON tags WHEN old.name IS NOT new.name BEGIN
    INSERT INTO file_changes (file_id, path, op)
      SELECT f.id, f.path, 'upsert' FROM files f WHERE f.id IN (SELECT file_id FROM file_tags WHERE tag_id = new.id)
      UNION ALL
      SELECT f.id, printf('%s#t=%.3f', f.path, vf.time_ms / 1000.0), 'upsert' FROM files f
      JOIN video_frames vf ON vf.video_key = f.content_key
      WHERE f.id IN (SELECT file_id FROM file_tags WHERE tag_id = new.id);
  END;
  `,
  // 25: the browse view's sort indexes hold the sort key alone (a row's id comes with every index
  // entry), and ties are broken by id instead of path: a path's worth of bytes per file in each of
  // four indexes was a tenth of the catalog's size.
  `
  DROP INDEX files_by_added;
  DROP INDEX files_by_modified;
  DROP INDEX files_by_size;
  DROP INDEX files_by_name;
  CREATE INDEX files_by_added ON files(added_at);
  CREATE INDEX files_by_modified ON files(mtime_ms);
  CREATE INDEX files_by_size ON files(size);
  CREATE INDEX files_by_name ON files(name COLLATE NOCASE);
  `,
  // 26: a folder's files' sizes and times summed beside their count, and the folder's own time as
  // the last complete re-index found it (folder_scans): a folder whose time and sums are as they were
  // is known unchanged from its files' stat calls alone, without reading its rows (folderScans.ts).
  `
  ALTER TABLE folder_counts ADD COLUMN size_sum INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE folder_counts ADD COLUMN mtime_sum INTEGER NOT NULL DEFAULT 0;
  UPDATE folder_counts SET size_sum = s.size_sum, mtime_sum = s.mtime_sum
    FROM (SELECT dir, sum(size) AS size_sum, sum(mtime_ms) AS mtime_sum FROM files GROUP BY dir) AS s
    WHERE s.dir = folder_counts.dir;
  DROP TRIGGER files_counted_insert;
  DROP TRIGGER files_counted_delete;
  DROP TRIGGER files_counted_move;
  CREATE TRIGGER files_counted_insert AFTER INSERT ON files BEGIN
    INSERT INTO folder_counts (dir, count, size_sum, mtime_sum) VALUES (new.dir, 1, new.size, new.mtime_ms)
      ON CONFLICT(dir) DO UPDATE SET count = count + 1, size_sum = size_sum + new.size, mtime_sum = mtime_sum + new.mtime_ms;
  END;
  CREATE TRIGGER files_counted_delete AFTER DELETE ON files BEGIN
    UPDATE folder_counts SET count = count - 1, size_sum = size_sum - old.size, mtime_sum = mtime_sum - old.mtime_ms
      WHERE dir = old.dir;
    DELETE FROM folder_counts WHERE dir = old.dir AND count <= 0;
  END;
  CREATE TRIGGER files_counted_move AFTER UPDATE OF dir ON files WHEN old.dir <> new.dir BEGIN
    UPDATE folder_counts SET count = count - 1, size_sum = size_sum - old.size, mtime_sum = mtime_sum - old.mtime_ms
      WHERE dir = old.dir;
    DELETE FROM folder_counts WHERE dir = old.dir AND count <= 0;
    INSERT INTO folder_counts (dir, count, size_sum, mtime_sum) VALUES (new.dir, 1, new.size, new.mtime_ms)
      ON CONFLICT(dir) DO UPDATE SET count = count + 1, size_sum = size_sum + new.size, mtime_sum = mtime_sum + new.mtime_ms;
  END;
  CREATE TRIGGER files_counted_restamp AFTER UPDATE OF size, mtime_ms ON files WHEN old.dir = new.dir BEGIN
    UPDATE folder_counts SET size_sum = size_sum - old.size + new.size, mtime_sum = mtime_sum - old.mtime_ms + new.mtime_ms
      WHERE dir = new.dir;
  END;
  CREATE TABLE folder_scans (
    dir TEXT PRIMARY KEY,
    mtime_ms INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // 27: the trigram index is only ever asked for Chinese, Japanese or Korean terms (textLookups.ts),
  // so it holds only the rows with such text, as text_cjk does: indexing every Latin name and folder
  // path was a twentieth of the catalog. Its 'delete' runs under exactly the condition its insert
  // did: an external-content 'delete' of a row never indexed corrupts the index.
  `
  DROP TRIGGER file_texts_indexed;
  DROP TRIGGER file_texts_unindexed;
  CREATE TRIGGER file_texts_indexed AFTER INSERT ON file_texts BEGIN
    INSERT INTO text_words (rowid, ${TEXT_COLUMNS.join(', ')})
      VALUES (new.file_id, ${TEXT_COLUMNS.map((c) => `new.${c}`).join(', ')});
  END;
  CREATE TRIGGER file_texts_unindexed AFTER DELETE ON file_texts BEGIN
    INSERT INTO text_words (text_words, rowid, ${TEXT_COLUMNS.join(', ')})
      VALUES ('delete', old.file_id, ${TEXT_COLUMNS.map((c) => `old.${c}`).join(', ')});
  END;
  CREATE TRIGGER file_texts_grams_indexed AFTER INSERT ON file_texts WHEN ${holdsCjk('new')} BEGIN
    INSERT INTO text_grams (rowid, ${TEXT_COLUMNS.join(', ')})
      VALUES (new.file_id, ${TEXT_COLUMNS.map((c) => `new.${c}`).join(', ')});
  END;
  CREATE TRIGGER file_texts_grams_unindexed AFTER DELETE ON file_texts WHEN ${holdsCjk('old')} BEGIN
    INSERT INTO text_grams (text_grams, rowid, ${TEXT_COLUMNS.join(', ')})
      VALUES ('delete', old.file_id, ${TEXT_COLUMNS.map((c) => `old.${c}`).join(', ')});
  END;
  INSERT INTO text_grams (text_grams) VALUES ('delete-all');
  INSERT INTO text_grams (rowid, ${TEXT_COLUMNS.join(', ')})
    SELECT file_id, ${TEXT_COLUMNS.join(', ')} FROM file_texts WHERE ${holdsCjk()};
  `,
  // 28: a file's metadata read is forgotten when its content changes, instead of keeping the content
  // key it was read from beside it: every file has such a row, and the key was most of its bytes.
  `
  CREATE TABLE file_metadata_reads_by_file (
    file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
    problem TEXT,
    read_at INTEGER NOT NULL
  );
  INSERT INTO file_metadata_reads_by_file (file_id, problem, read_at)
    SELECT r.file_id, r.problem, r.read_at FROM file_metadata_reads r
    JOIN files f ON f.id = r.file_id AND f.content_key = r.content_key;
  DROP TABLE file_metadata_reads;
  ALTER TABLE file_metadata_reads_by_file RENAME TO file_metadata_reads;
  CREATE TRIGGER files_metadata_unread AFTER UPDATE OF content_key ON files
  WHEN old.content_key IS NOT new.content_key BEGIN
    DELETE FROM file_metadata_reads WHERE file_id = new.id;
  END;
  `,
  // 29: each model's count of vectors and their width, kept by triggers, in place of an index of every
  // vector by model: the index took 30 bytes an image for what is read as one number a model. What
  // still asks for one model's vectors reads the key index (content key, model), which covers it.
  // A vector is written as an upsert (catalog.ts): a REPLACE deletes without firing delete triggers.
  `
  CREATE TABLE model_vectors (
    model_id TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    dim INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO model_vectors (model_id, count, dim)
    SELECT m.model_id, m.n, (SELECT e.dim FROM embeddings e WHERE e.model_id = m.model_id LIMIT 1)
    FROM (SELECT model_id, count(*) AS n FROM embeddings GROUP BY model_id) m;
  CREATE TRIGGER embeddings_counted_insert AFTER INSERT ON embeddings BEGIN
    INSERT INTO model_vectors (model_id, count, dim) VALUES (new.model_id, 1, new.dim)
      ON CONFLICT(model_id) DO UPDATE SET count = count + 1, dim = excluded.dim;
  END;
  CREATE TRIGGER embeddings_counted_delete AFTER DELETE ON embeddings BEGIN
    UPDATE model_vectors SET count = count - 1 WHERE model_id = old.model_id;
    DELETE FROM model_vectors WHERE model_id = old.model_id AND count <= 0;
  END;
  CREATE TRIGGER embeddings_counted_update AFTER UPDATE OF model_id, dim ON embeddings
  WHEN old.model_id IS NOT new.model_id OR old.dim IS NOT new.dim BEGIN
    UPDATE model_vectors SET count = count - 1 WHERE model_id = old.model_id;
    DELETE FROM model_vectors WHERE model_id = old.model_id AND count <= 0;
    INSERT INTO model_vectors (model_id, count, dim) VALUES (new.model_id, 1, new.dim)
      ON CONFLICT(model_id) DO UPDATE SET count = count + 1, dim = excluded.dim;
  END;
  DROP INDEX embeddings_model;
  `,
  // 30: the change log says what each change did to a file's content, so the passes after an index
  // look at what needs them alone. `lost_key` is the content key a file stopped holding (it was
  // deleted or its bytes changed): only those keys can have lost their last file, so vectors,
  // palettes and texts no file holds are looked for among them instead of in every row.
  // `same_content` marks a write that left a file's content and library folder as they were (a
  // touched or renamed file): passes kept per content have nothing to do for it. Changes logged
  // before this carry neither; the pass mark 'file-changes-keyed' says where the log starts to.
  `
  ALTER TABLE file_changes ADD COLUMN lost_key TEXT;
  ALTER TABLE file_changes ADD COLUMN same_content INTEGER;
  DROP TRIGGER files_logged_update;
  CREATE TRIGGER files_logged_update
  AFTER UPDATE OF root_id, path, content_key, size, mtime_ms, width, height, format ON files BEGIN
    INSERT INTO file_changes (file_id, path, op) SELECT old.id, old.path, 'delete' WHERE old.path <> new.path;
    INSERT INTO file_changes (file_id, path, op, lost_key, same_content) VALUES (new.id, new.path, 'upsert',
      CASE WHEN old.content_key <> new.content_key THEN old.content_key END,
      old.content_key = new.content_key AND old.root_id = new.root_id);
  END;
  DROP TRIGGER files_logged_delete;
  CREATE TRIGGER files_logged_delete AFTER DELETE ON files BEGIN
    INSERT INTO file_changes (file_id, path, op, lost_key) VALUES (old.id, old.path, 'delete', old.content_key);
  END;
  INSERT OR REPLACE INTO pass_marks (pass, seq)
    VALUES ('file-changes-keyed', coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'file_changes'), 0));
  `,
  // 31: what a metadata read found (the keywords, rating and note, as JSON; '' for none), so a copy
  // of content already read takes it instead of reading its file again. Null where the file could
  // not be read, and for reads from before this.
  `
  ALTER TABLE file_metadata_reads ADD COLUMN found TEXT;
  `,
  // 32: how many texts each OCR model read, kept by triggers: the text pass names this count in its
  // mark, and counting it read every row per run (each model's vectors are counted by migration 29).
  // The table is written with INSERT OR REPLACE, whose replaced row fires no delete trigger: the row
  // it replaces is counted off before the insert.
  `
  CREATE TABLE row_counts (
    name TEXT PRIMARY KEY,
    n INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO row_counts (name, n) SELECT 'texts@' || model, count(*) FROM image_texts GROUP BY model;
  CREATE TRIGGER image_texts_counted_replace BEFORE INSERT ON image_texts BEGIN
    UPDATE row_counts SET n = n - 1
      WHERE name = (SELECT 'texts@' || model FROM image_texts WHERE content_key = new.content_key);
  END;
  CREATE TRIGGER image_texts_counted_insert AFTER INSERT ON image_texts BEGIN
    INSERT INTO row_counts (name, n) VALUES ('texts@' || new.model, 1) ON CONFLICT(name) DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER image_texts_counted_delete AFTER DELETE ON image_texts BEGIN
    UPDATE row_counts SET n = n - 1 WHERE name = 'texts@' || old.model;
  END;
  CREATE TRIGGER image_texts_counted_update AFTER UPDATE OF model ON image_texts BEGIN
    UPDATE row_counts SET n = n - 1 WHERE name = 'texts@' || old.model;
    INSERT INTO row_counts (name, n) VALUES ('texts@' || new.model, 1) ON CONFLICT(name) DO UPDATE SET n = n + 1;
  END;
  `,
];
