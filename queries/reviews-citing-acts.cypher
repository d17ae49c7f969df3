// Documents that cite or discuss Acts (twin of reviews-citing-acts.rq)
MATCH (doc:Review|Publication|Strategy)-[r:CITES|ABOUT]->(act:Act)
WHERE ($act IS NULL OR act.id = $act) AND coalesce(act.type, '') <> 'Statutory instrument'
//scope and: holds r
UNWIND range(0, size(r.evidence_quotes) - 1) AS i
//scope with: said r i
WITH r, doc, act,
     CASE r.evidence_quotes[i] WHEN '' THEN null ELSE r.evidence_quotes[i] END AS quote,
     CASE WHEN r.evidence_documents[i] <> '' THEN r.evidence_documents[i]
          WHEN r.evidence_urls[i] <> '' THEN r.evidence_urls[i] END AS source
RETURN act.name AS act_name, doc.name AS document, [l IN labels(doc) WHERE l <> 'Entity'][0] AS kind,
       doc.date AS date, toLower(type(r)) AS relation, quote, source, act.id AS act_id, doc.id AS document_id
ORDER BY act_name, act_id, coalesce(doc.start_date, '9999-12-31'), coalesce(date, ''), document, document_id,
         relation, quote IS NOT NULL, quote, source IS NOT NULL, source
