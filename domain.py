"""The ids every part of the service shares (see ../shared/domain.md), with Russian labels."""

CATEGORIES: dict[str, str] = {
    "disabled_person": "гражданин с инвалидностью",
    "seriously_ill_child": "тяжелобольной ребёнок",
    "seriously_ill_adult": "тяжелобольной взрослый",
    "orphanage_graduate": "выпускник детского дома",
    "parent_of_disabled_child": "родитель (опекун) ребёнка с инвалидностью",
    "caregiver": "ухаживающий за тяжелобольным или человеком с инвалидностью",
    "svo_family": "участник СВО или член его семьи",
    "other": "другое",
}

NEEDS: dict[str, str] = {
    "medical": "медицинская помощь",
    "rehabilitation": "реабилитация и ТСР",
    "home_care": "уход на дому",
    "employment": "трудоустройство",
    "education": "образование",
    "accessible_environment": "доступная среда",
    "psychological": "психологическая помощь",
    "benefits": "выплаты, льготы, документы",
    "other": "другое",
}

URGENCIES: dict[str, str] = {
    "crisis": "угроза жизни",
    "high": "срочно",
    "normal": "обычная",
}
URGENCY_RANK = {"normal": 0, "high": 1, "crisis": 2}

# When the caller would like to be called back (caller's local time; ranges in config.yaml).
CALLBACK_TIMES: dict[str, str] = {
    "any": "в любое время",
    "morning": "утром",
    "afternoon": "днём",
    "evening": "вечером",
}
