// What a source document states (twin of evidence-from.rq)
MATCH (:Entity {id: $document})
MATCH (src:Source {id: $document})
MATCH (s:Entity)-[r]->(o:Entity)
//scope where: holds r
UNWIND range(0, size(r.evidence_quotes) - 1) AS i
WITH s, r, o, src, i
WHERE r.evidence_documents[i] = src.id AND r.evidence_quotes[i] <> ''
//scope and: said r i
RETURN s.name AS subject, toLower(type(r)) AS relation, o.name AS object, r.evidence_quotes[i] AS quote,
       src.id AS source, s.id AS subject_id, o.id AS object_id
ORDER BY subject, subject_id, relation, object, object_id, quote
