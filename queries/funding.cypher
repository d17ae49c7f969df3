// Who funds what (twin of funding.rq)
MATCH (funder:Entity)-[r:FUNDS]->(t:Review|Strategy|Organisation|Partnership|Publication)
WHERE ($funder IS NULL OR funder.id = $funder)
//scope and: holds r
UNWIND range(0, size(r.evidence_quotes) - 1) AS i
//scope with: said r i
WITH funder, t,
     CASE r.evidence_quotes[i] WHEN '' THEN null ELSE r.evidence_quotes[i] END AS quote,
     CASE WHEN r.evidence_documents[i] <> '' THEN r.evidence_documents[i]
          WHEN r.evidence_urls[i] <> '' THEN r.evidence_urls[i] END AS source
RETURN funder.name AS funder_name, t.name AS funded, [l IN labels(t) WHERE l <> 'Entity'][0] AS funded_kind,
       t.date AS date, quote, source, funder.id AS funder_id, t.id AS funded_id
ORDER BY funder_name, funder_id, funded, funded_id, quote IS NOT NULL, quote, source IS NOT NULL, source
