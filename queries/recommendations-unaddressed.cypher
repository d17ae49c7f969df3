// Recommendations with no addressee (twin of recommendations-unaddressed.rq)
MATCH (by:Entity)-[r:RECOMMENDS]->(rec:Recommendation)
WHERE ($by IS NULL OR by.id = $by) AND NOT EXISTS {
  MATCH (rec)-[ra:ADDRESSED_TO]->(:Entity)
  //scope where: holds ra
}
  AND coalesce(rec.type, '') <> 'summary'
//scope and: holds r
UNWIND range(0, size(r.evidence_quotes) - 1) AS i
//scope with: said r i
WITH r, rec, by,
     CASE r.evidence_quotes[i] WHEN '' THEN null ELSE r.evidence_quotes[i] END AS quote,
     CASE WHEN r.evidence_documents[i] <> '' THEN r.evidence_documents[i]
          WHEN r.evidence_urls[i] <> '' THEN r.evidence_urls[i] END AS source
RETURN rec.name AS recommendation, rec.text AS text, by.name AS made_by, rec.date AS date, quote, source,
       rec.id AS recommendation_id, by.id AS made_by_id
ORDER BY recommendation, recommendation_id, made_by, made_by_id, quote IS NOT NULL, quote,
         source IS NOT NULL, source
