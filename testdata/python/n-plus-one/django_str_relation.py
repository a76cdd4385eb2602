from django.db import models


class Category(models.Model):
    title = models.CharField(max_length=100)

    def __str__(self):
        return f"{self.title}"


class Item(models.Model):
    title = models.CharField(max_length=200)
    category = models.ForeignKey(Category, on_delete=models.CASCADE)

    def __str__(self):
        return f"{self.category.title}: {self.title}"


class Note(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE)
    text = models.TextField()

    def __str__(self):
        return "%s / %s" % (self.item, self.text)


def choices():
    # expect: n-plus-one@23
    return [(item.pk, str(item)) for item in Item.objects.all()]


def labels():
    lines = []
    for item in Item.objects.filter(title__startswith="A"):
        # expect: n-plus-one@27
        lines.append(f"- {item}")
    return lines


def percent(notes_since):
    out = []
    for note in Note.objects.filter(pk__gt=notes_since):
        # expect: n-plus-one@32
        out.append("note %s" % note)
    return out


def formatted():
    # expect: n-plus-one@30
    return ["{} ({})".format(item, item.pk) for item in Item.objects.all()]


def builtin_format():
    # expect: n-plus-one@13
    return [format(item) for item in Item.objects.all()]


# Negatives.


def selected():
    # ok: n-plus-one
    return [str(item) for item in Item.objects.select_related("category")]


def selected_everything():
    # ok: n-plus-one
    return [f"{item}" for item in Item.objects.select_related()]


def own_fields_only():
    # Category.__str__ reads only its own title.
    # ok: n-plus-one
    return [str(category) for category in Category.objects.all()]


def repr_is_not_str():
    # `!r` runs `__repr__`, which Django's default builds from the pk alone.
    # ok: n-plus-one
    return [f"{item!r}" for item in Item.objects.all()]


def the_primary_key():
    # ok: n-plus-one
    return [str(item.pk) for item in Item.objects.all()]


def notes_of_one_item(item):
    # Each note of `item.note_set` is handed `item`: its `__str__` reads it without a query.
    # ok: n-plus-one
    return [str(note) for note in item.note_set.all()]


class Link(models.Model):
    source = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="links")
    target = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="backlinks")

    def __str__(self):
        return f"-> {self.target}"


def links_of_one_item(item):
    # Each link is handed `item` as `source`, not as `target`: its `__str__` queries.
    # expect: n-plus-one
    return [str(link) for link in item.links.all()]


def sources_of_one_item(item):
    # ok: n-plus-one
    return [link.source.title for link in item.links.all()]


def one_object(pk):
    item = Item.objects.get(pk=pk)
    # ok: n-plus-one
    return str(item)
