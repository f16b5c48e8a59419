"""The map: province and city above the districts, then streets (街道/镇), villages and
communities (村/社区), grid areas (片区). One installation may hold many districts of a city."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(_("代码"), max_length=2, unique=True)
    name = models.CharField(_("名称"), max_length=50)

    class Meta:
        ordering = ["code"]
        verbose_name = _("省")
        verbose_name_plural = _("省")

    def __str__(self) -> str:
        return self.name


class City(models.Model):
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="cities", verbose_name=_("省")
    )
    code = models.CharField(_("代码"), max_length=4, unique=True)
    name = models.CharField(_("名称"), max_length=50)

    class Meta:
        ordering = ["code"]
        verbose_name = _("市")
        verbose_name_plural = _("市")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A district (or county): each keeps its own centre, arbitration commission and series of
    case numbers; blank names read from the district's full name (杭州市西湖区…)."""

    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="districts",
        verbose_name=_("市"),
    )
    code = models.CharField(_("代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    city_name = models.CharField(_("市"), max_length=50, blank=True)
    province_name = models.CharField(_("省"), max_length=50, blank=True)
    source = models.TextField(_("数据来源"), blank=True)
    # Case numbers read like XH2026-00042; unique so that two districts never share a series.
    case_prefix = models.CharField(_("案号前缀"), max_length=10, unique=True, null=True, blank=True)
    centre_name = models.CharField(_("调处中心名称"), max_length=80, blank=True)
    commission_name = models.CharField(_("仲裁委员会名称"), max_length=80, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("区")
        verbose_name_plural = _("区")

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        """The name documents open with: 杭州市西湖区."""
        return f"{self.city_name}{self.name}"

    @property
    def short_name(self) -> str:
        """The one character that opens a document's number: 西 (西劳人仲…字)."""
        return self.name[:1]

    @property
    def centre_title(self) -> str:
        return self.centre_name or f"{self.full_name}矛盾纠纷综合调处中心"

    @property
    def commission_title(self) -> str:
        return self.commission_name or f"{self.full_name}劳动人事争议仲裁委员会"

    @property
    def mediation_committee_title(self) -> str:
        return f"{self.full_name}劳动人事争议调解委员会"

    @property
    def labour_bureau_title(self) -> str:
        return f"{self.full_name}人力资源和社会保障局"

    @property
    def government_title(self) -> str:
        return f"{self.full_name}人民政府"


class Street(models.Model):
    class Kind(models.TextChoices):
        SUBDISTRICT = "subdistrict", _("街道")
        TOWN = "town", _("镇")
        TOWNSHIP = "township", _("乡")
        # The statistics bureau's "类似乡级单位": development zones, a state farm, reclaimed land.
        ZONE = "zone", _("类似乡级单位")

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="streets")
    code = models.CharField(_("代码"), max_length=9, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("街道")
        verbose_name_plural = _("街道")

    def __str__(self) -> str:
        return self.name


class GridArea(models.Model):
    """A group of villages within one street, with its responsible labor inspector (专人专岗)."""

    street = models.ForeignKey(Street, on_delete=models.PROTECT, related_name="grid_areas")
    code = models.CharField(_("代码"), max_length=16, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspected_grid_areas",
        verbose_name=_("专人专岗监察员"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("片区")
        verbose_name_plural = _("片区")

    def __str__(self) -> str:
        return f"{self.street.name} {self.name}"


class Village(models.Model):
    class Kind(models.TextChoices):
        VILLAGE = "village", _("村")
        COMMUNITY = "community", _("社区")

    street = models.ForeignKey(Street, on_delete=models.PROTECT, related_name="villages")
    grid_area = models.ForeignKey(
        GridArea, on_delete=models.SET_NULL, null=True, blank=True, related_name="villages"
    )
    code = models.CharField(_("代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    mediators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="mediated_villages",
        verbose_name=_("调解员"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("村/社区")
        verbose_name_plural = _("村/社区")

    def __str__(self) -> str:
        return self.name


class GazetteerEntry(models.Model):
    """A place people name in an address (a road, a compound, a park, a market, a landmark),
    tied to the village or villages it lies in, so an address can find its village.

    A road crossing a boundary belongs to every village it runs through; a road section (a
    stretch or a range of house numbers) usually to one. Kept by administrators, loaded from CSV
    (`jiefen load_gazetteer`, docs/gazetteer.md)."""

    class Kind(models.TextChoices):
        ROAD = "road", _("道路")
        ROAD_SECTION = "road_section", _("路段")
        COMPOUND = "compound", _("小区")
        INDUSTRIAL_PARK = "industrial_park", _("工业园区")
        MARKET = "market", _("市场")
        LANDMARK = "landmark", _("地标")

    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="gazetteer_entries"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=100)
    # A road section: the stretch ("转塘段") or the house numbers ("1-199号", "双号2-98号").
    section = models.CharField(_("路段"), max_length=100, blank=True)
    aliases = models.TextField(
        _("别名"), blank=True, help_text=_("每行一个：简称、俗称、旧名、常见错写")
    )
    villages = models.ManyToManyField(
        Village, related_name="gazetteer_entries", verbose_name=_("所在村/社区")
    )
    # Where the entry came from: "demo" marks the demonstration gazetteer, anything else names
    # the survey or the office that supplied it.
    source = models.CharField(_("来源"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["district", "kind", "name", "section"]
        verbose_name = _("地名")
        verbose_name_plural = _("地名库")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "kind", "name", "section"], name="gazetteer_entry_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}{self.section and f'（{self.section}）'}"

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]
