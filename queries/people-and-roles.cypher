// People and their roles (twin of people-and-roles.rq)
MATCH (person:Person)-[r:MEMBER_OF|LED_BY|PUBLISHED_BY]-(body:Review|Strategy|Organisation|Partnership|Publication)
WHERE (type(r) = 'MEMBER_OF') = (startNode(r) = person) AND ($org IS NULL OR body.id = $org)
//scope and: holds r
UNWIND range(0, size(r.evidence_quotes) - 1) AS i
//scope with: said r i
WITH r, person, body,
     CASE r.evidence_quotes[i] WHEN '' THEN null ELSE r.evidence_quotes[i] END AS quote,
     CASE WHEN r.evidence_documents[i] <> '' THEN r.evidence_documents[i]
          WHEN r.evidence_urls[i] <> '' THEN r.evidence_urls[i] END AS source
RETURN person.name AS person,
       CASE type(r) WHEN 'MEMBER_OF' THEN 'member_of' WHEN 'LED_BY' THEN 'leads' ELSE 'author_of' END AS role,
       body.name AS body, [l IN labels(body) WHERE l <> 'Entity'][0] AS body_kind, quote, source,
       person.id AS person_id, body.id AS body_id
ORDER BY person, person_id, role, body, body_id, quote IS NOT NULL, quote, source IS NOT NULL, source
