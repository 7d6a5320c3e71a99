"""The canonical actors of one article: each person, organisation, group and country entity
coded by :func:`~newsgraph.resolve.actors.actor_for_entity` and given an actor id that is the
same in every article that names the same actor.

The id is a hash of the actor key (:func:`~newsgraph.resolve.actors.actor_key`), so it needs no
store: "Alexander Lukashenko" in one article and "Aleksandr Lukashenka" in another get one id,
and the store (``newsgraph.store.actors``) adds up names, aliases and dated roles under it. An
organisation whose country the article's context gave ("the Interior Ministry" in an article
about Belarus) is keyed with that country, so Belarus's and Russia's interior ministries stay
two actors. Places are actors only when they are countries (cities are where things happen).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from newsgraph.extract import gazetteer
from newsgraph.extract.events.actors import actor_for_entity
from newsgraph.resolve.actors import ActorInfo, actor_key
from newsgraph.types import Entity

__all__ = ["actor_id", "article_actors"]


def actor_id(key: str) -> str:
    """The id of the actor with this actor key."""
    return "actor:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _is_country(e: Entity) -> bool:
    place = gazetteer.lookup(e.name)
    return place is not None and place.kind == "country"


def article_actors(
    entities: Sequence[Entity], context_country: str | None = None
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The article's actors (one per actor id, in order of first mention) and the actor id of
    each entity that is one.

    An actor: ``{id, name, type, country, sector, actor_code, aliases, roles, entities,
    mentions}``, where ``entities`` lists the entity ids it gathers and ``mentions`` counts
    their mentions.
    """
    by_id: dict[str, dict[str, Any]] = {}
    of_entity: dict[str, str] = {}
    for e in entities:
        if e.type == "PLACE" and not _is_country(e):
            continue
        info: ActorInfo | None = actor_for_entity(e, context_country)
        if info is None:
            continue
        key = actor_key(info.name, info.type)
        if context_country and e.type != "PERSON" and info.country == context_country:
            own = actor_for_entity(e, None)
            if own is None or own.country != info.country:
                key = f"{context_country}:{key}"  # the country came from the article
        aid = actor_id(key)
        of_entity[e.id] = aid
        known = by_id.get(aid)
        if known is None:
            by_id[aid] = {
                "id": aid,
                "name": info.name,
                "type": info.type,
                "country": info.country,
                "sector": info.sector,
                "actor_code": info.actor_code,
                "aliases": [a for a in dict.fromkeys(info.aliases) if a != info.name],
                "roles": list(dict.fromkeys(e.roles)),
                "entities": [e.id],
                "mentions": len(e.mentions),
            }
            continue
        known["entities"].append(e.id)
        known["mentions"] += len(e.mentions)
        for a in (e.name, *info.aliases):
            if a != known["name"] and a not in known["aliases"]:
                known["aliases"].append(a)
        known["roles"] += [r for r in e.roles if r not in known["roles"]]
        for k in ("country", "sector", "actor_code"):
            if known[k] is None:
                known[k] = getattr(info, k)
    return list(by_id.values()), of_entity
