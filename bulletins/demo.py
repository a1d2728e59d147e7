"""The demo's 2025 bulletin: texts in four languages, marked built; each PDF is rendered the first
time someone opens it (about 3 s per language), so that `load_demo` stays fast."""

from .models import Bulletin

INTRODUCTION = {
    "es": "En 2025 los países de la red publicaron nuevas iniciativas sobre retorno, protección y "
    "movilidad laboral. Este boletín reúne las cifras del año y enlaza cada registro en el portal.",
    "en": "In 2025 the network's countries published new initiatives on return, protection and labour "
    "mobility. This bulletin gathers the year's figures and links every record on the portal.",
    "fr": "En 2025, les pays du réseau ont publié de nouvelles initiatives sur le retour, la protection "
    "et la mobilité de la main-d'œuvre. Ce bulletin réunit les chiffres de l'année.",
    "pt": "Em 2025 os países da rede publicaram novas iniciativas sobre retorno, proteção e mobilidade "
    "laboral. Este boletim reúne os números do ano e remete a cada registro no portal.",
}


def load_demo_bulletin() -> bool:
    """Create the 2025 bulletin if it does not exist; True if it was created."""
    if Bulletin.objects.filter(year=2025).exists():
        return False
    texts = {f"introduction_{code}": text for code, text in INTRODUCTION.items()}
    Bulletin.objects.create(year=2025, status=Bulletin.Status.BUILT, build_number=1, **texts)
    return True
