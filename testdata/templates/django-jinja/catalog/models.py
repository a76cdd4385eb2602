from django.db import models


class Category(models.Model):
    name = models.CharField(max_length=80)


class Maker(models.Model):
    name = models.CharField(max_length=80)


class Tag(models.Model):
    label = models.CharField(max_length=40)


class Product(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT)
    maker = models.ForeignKey(Maker, on_delete=models.PROTECT)
    tags = models.ManyToManyField(Tag, blank=True)
    name = models.CharField(max_length=120)


class Review(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="reviews")
    body = models.TextField()
