from django.shortcuts import render
from django.template.response import TemplateResponse
from django.views.generic import DetailView, ListView, TemplateView

from .models import Author, Book, Loan


def book_list(request):
    books = Book.objects.filter(title__isnull=False)
    return render(request, "books/list.html", {"books": books})


def book_list_loaded(request):
    books = Book.objects.select_related("author__publisher").prefetch_related("tags", "reviews")
    return render(request, "books/list.html", {"books": books})


def loans(request):
    return render(request, "books/loans.html", {"loans": Loan.objects.filter(due__isnull=False)})


def loans_loaded(request):
    return render(request, "books/loans.html", {"loans": Loan.objects.select_related("book", "borrower")})


def shelf(request):
    context = {"shelf": Book.objects.all()}
    context["count"] = Book.objects.count()
    return TemplateResponse(request, "books/shelf.html", context)


def titles(request):
    # Dicts, not model objects: they have no relations to load.
    rows = Book.objects.values("title", "author__name")
    return render(request, "books/titles.html", context={"rows": rows, "colours": ["red", "blue"]})


class BookListView(ListView):
    model = Book
    paginate_by = 20


class ReviewedBooks(ListView):
    template_name = "books/reviewed.html"
    context_object_name = "reviewed"

    def get_queryset(self):
        return Book.objects.prefetch_related("reviews__reviewer")


class BookDetail(DetailView):
    queryset = Book.objects.select_related("author")


class AuthorDetail(DetailView):
    model = Author

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["books"] = Book.objects.filter(author=self.object).select_related("author")
        context["shelves"] = 3
        return context


class Publishers(TemplateView):
    template_name = "books/publishers.html"
    extra_context = {"authors": Author.objects.all(), "title": "Publishers"}


class LoadedPublishers(TemplateView):
    template_name = "books/publishers.html"
    extra_context = {"authors": Author.objects.select_related("publisher")}


class ReviewedWithAuthors(ListView):
    queryset = Book.objects.select_related("author")
    template_name = "books/reviewed_authors.html"
    extra_context = {"reviewers": Author.objects.all()}
