// Documents about a review, strategy, Act or body (twin of documents-about.rq)
MATCH (doc:Review|Publication|Strategy)-[r:ABOUT|CITES|RESPONDS_TO|MENTIONS]->(:Entity {id: $subject})
//scope where: holds r
UNWIND range(0, size(r.evidence_quotes) - 1) AS i
//scope with: said r i
WITH r, doc,
     CASE r.evidence_quotes[i] WHEN '' THEN null ELSE r.evidence_quotes[i] END AS quote,
     CASE WHEN r.evidence_documents[i] <> '' THEN r.evidence_documents[i]
          WHEN r.evidence_urls[i] <> '' THEN r.evidence_urls[i] END AS source
RETURN doc.name AS document, [l IN labels(doc) WHERE l <> 'Entity'][0] AS kind, doc.date AS date,
       toLower(type(r)) AS relation, quote, source, doc.id AS document_id
ORDER BY coalesce(doc.start_date, '9999-12-31'), coalesce(date, ''), document, document_id, relation,
         quote IS NOT NULL, quote, source IS NOT NULL, source
