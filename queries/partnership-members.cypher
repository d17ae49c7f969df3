// Members of a partnership (twin of partnership-members.rq)
MATCH (p:Entity {id: $partnership})-[r:PARTNER_IN|MEMBER_OF|LED_BY]-(m:Organisation|Person)
WHERE (type(r) = 'LED_BY') = (startNode(r) = p)
//scope and: holds r
UNWIND range(0, size(r.evidence_quotes) - 1) AS i
//scope with: said r i
WITH r, m,
     CASE r.evidence_quotes[i] WHEN '' THEN null ELSE r.evidence_quotes[i] END AS quote,
     CASE WHEN r.evidence_documents[i] <> '' THEN r.evidence_documents[i]
          WHEN r.evidence_urls[i] <> '' THEN r.evidence_urls[i] END AS source
RETURN m.name AS member, [l IN labels(m) WHERE l <> 'Entity'][0] AS kind, toLower(type(r)) AS relation, quote,
       source, m.id AS member_id
ORDER BY kind, member, member_id, relation, quote IS NOT NULL, quote, source IS NOT NULL, source
