// Recommendations about an Act, strategy or review (twin of recommendations-about.rq)
MATCH (rec:Recommendation)-[r:ABOUT]->(:Entity {id: $subject})
WHERE coalesce(rec.type, '') <> 'summary'
//scope and: holds r
OPTIONAL MATCH (maker:Entity)-[rm:RECOMMENDS]->(rec)
//scope where: holds rm
UNWIND range(0, size(r.evidence_quotes) - 1) AS i
//scope with: said r i
WITH r, rec, maker,
     CASE r.evidence_quotes[i] WHEN '' THEN null ELSE r.evidence_quotes[i] END AS quote,
     CASE WHEN r.evidence_documents[i] <> '' THEN r.evidence_documents[i]
          WHEN r.evidence_urls[i] <> '' THEN r.evidence_urls[i] END AS source
RETURN rec.name AS recommendation, rec.text AS text, maker.name AS made_by, rec.date AS date, quote, source,
       rec.id AS recommendation_id, maker.id AS made_by_id
ORDER BY recommendation, recommendation_id, made_by IS NOT NULL, made_by, made_by_id IS NOT NULL, made_by_id,
         quote IS NOT NULL, quote, source IS NOT NULL, source
