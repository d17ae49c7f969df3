// Partners of an organisation (twin of partners-of.rq)
MATCH (org:Entity {id: $org})-[x:PARTNER_IN|MEMBER_OF|LED_BY]-(g:Partnership|Strategy)
WHERE (type(x) = 'LED_BY') = (startNode(x) = g)
//scope and: holds x
WITH DISTINCT org, g
MATCH (other:Organisation)-[r:PARTNER_IN|MEMBER_OF|LED_BY]-(g)
WHERE (type(r) = 'LED_BY') = (startNode(r) = g) AND other <> org
//scope and: holds r
UNWIND range(0, size(r.evidence_quotes) - 1) AS i
//scope with: said r i
WITH DISTINCT other.name AS partner, g.name AS partnership, toLower(type(r)) AS relation,
     CASE r.evidence_quotes[i] WHEN '' THEN null ELSE r.evidence_quotes[i] END AS quote,
     CASE WHEN r.evidence_documents[i] <> '' THEN r.evidence_documents[i]
          WHEN r.evidence_urls[i] <> '' THEN r.evidence_urls[i] END AS source,
     other.id AS partner_id, g.id AS partnership_id
RETURN partner, partnership, relation, quote, source, partner_id, partnership_id
ORDER BY partner, partner_id, partnership, partnership_id, relation, quote IS NOT NULL, quote,
         source IS NOT NULL, source
