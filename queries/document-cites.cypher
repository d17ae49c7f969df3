// What a document cites, discusses or responds to (twin of document-cites.rq)
MATCH (:Entity {id: $document})-[r:CITES|ABOUT|RESPONDS_TO|MENTIONS]->(t:Entity)
//scope where: holds r
UNWIND range(0, size(r.evidence_quotes) - 1) AS i
//scope with: said r i
WITH r, t,
     CASE r.evidence_quotes[i] WHEN '' THEN null ELSE r.evidence_quotes[i] END AS quote,
     CASE WHEN r.evidence_documents[i] <> '' THEN r.evidence_documents[i]
          WHEN r.evidence_urls[i] <> '' THEN r.evidence_urls[i] END AS source
RETURN toLower(type(r)) AS relation, t.name AS target, [l IN labels(t) WHERE l <> 'Entity'][0] AS target_kind,
       t.date AS date, quote, source, t.id AS target_id
ORDER BY relation, target_kind, target, target_id, quote IS NOT NULL, quote, source IS NOT NULL, source
