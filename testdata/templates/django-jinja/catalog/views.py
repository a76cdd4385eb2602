from django.shortcuts import render
from django.views.generic import ListView

from .models import Product


def products(request):
    rows = Product.objects.filter(name__isnull=False)
    return render(request, "catalog/products.html", {"products": rows})


def products_loaded(request):
    rows = Product.objects.select_related("category", "maker").prefetch_related("tags", "reviews")
    return render(request, "catalog/products.html", {"products": rows})


def makers(request):
    # Only in the Django engine's folder: the Jinja2 engine, tried first, has no such file.
    rows = Product.objects.all()
    return render(request, "catalog/makers.html", {"products": rows})


def home(request):
    return render(request, "home.html", {"featured": Product.objects.select_related("maker")})


class ProductList(ListView):
    model = Product
